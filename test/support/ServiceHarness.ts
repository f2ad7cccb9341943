import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LedColor } from '../../hal/contracts/index.js';
import { advanceSettled, settle } from '../../hal/sim/advanceSettled.js';
import { SimulatedClock } from '../../hal/sim/SimulatedClock.js';
import type { SimFxoPort } from '../../hal/sim/SimFxoPort.js';
import type { SimKeyPanel } from '../../hal/sim/SimKeyPanel.js';
import type { DriverRegistry } from '../../boards/drivers.js';
import { ControlClient } from '../../src/cli/ControlClient.js';
import type { ControlCommand } from '../../src/control/messages.js';
import { formatLine } from '../../src/service/Logger.js';
import type { Logger } from '../../src/service/Logger.js';
import { Service } from '../../src/service/Service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_CONFIG = join(ROOT, 'examples', 'demo.yaml');
export const SIM_BOARD = join(ROOT, 'boards', 'sim-4line.json');
export const PROFILES_DIR = join(ROOT, 'boards', 'profiles');

/** The simulated clock's start: the blink engine's epoch E (it is built before any time passes). */
export const EPOCH = 1_000_000;

/**
 * Most simulated milliseconds `stop()` moves the clock while waiting for the ports to go on-hook.
 * Generous on purpose: stop() first closes the real control socket, which on a loaded machine can
 * take many event-loop turns, and each turn moves the clock; once the clock stops moving, the
 * ports' acknowledgements (on the simulated clock) would never come. The service's own 3 s
 * on-hook timeout still bounds what it waits for in simulated time.
 */
const STOP_BUDGET_MS = 120_000;

/**
 * The whole service in-process on a SimulatedClock (STYLE.md 8): the demo configuration (or
 * another), the simulated board, a temp state directory and control socket, every log line
 * captured. Time moves only through `advance`; the socket is real, so requests are awaited.
 * `dispose()` stops the service (if still running), closes the clients and removes the temp dir.
 */
export class ServiceHarness {
  readonly clock = new SimulatedClock(EPOCH);
  readonly logs: string[] = [];
  readonly log: Logger = { log: (level, component, fields) => this.logs.push(formatLine(level, component, fields)) };
  readonly socketPath: string;
  readonly stateDir: string;
  private svc: Service | null = null;
  private stopped = false;
  private readonly clients: ControlClient[] = [];

  private constructor(readonly dir: string) {
    this.socketPath = join(dir, 'control.sock');
    this.stateDir = join(dir, 'state');
  }

  static tempDir(): string {
    return mkdtempSync(join(tmpdir(), 'keyline-int-'));
  }

  /**
   * Starts the service from `configPath` (default: examples/demo.yaml) in `dir` (default: a new temp
   * dir), with `drivers` (default: the simulators).
   */
  static async start(o: { configPath?: string; dir?: string; drivers?: DriverRegistry } = {}): Promise<ServiceHarness> {
    const h = new ServiceHarness(o.dir ?? ServiceHarness.tempDir());
    try {
      h.svc = await Service.start({
        configPath: o.configPath ?? DEMO_CONFIG,
        boardPath: SIM_BOARD,
        profilesDir: PROFILES_DIR,
        socketPath: h.socketPath,
        stateDir: h.stateDir,
        clock: h.clock,
        log: h.log,
        drivers: o.drivers,
      });
    } catch (err) {
      rmSync(h.dir, { recursive: true, force: true });
      throw err;
    }
    return h;
  }

  get service(): Service {
    if (!this.svc) throw new Error('the service is not running');
    return this.svc;
  }

  /** Simulated time since the blink epoch (ms). */
  get t(): number {
    return this.clock.now() - EPOCH;
  }

  line(id: string): SimFxoPort {
    const port = this.service.sim.lines.get(id);
    if (!port) throw new Error(`no simulated line ${id}`);
    return port;
  }

  panel(id = 'desk1'): SimKeyPanel {
    const panel = this.service.sim.panels.get(id);
    if (!panel) throw new Error(`no simulated panel ${id}`);
    return panel;
  }

  /** A key pressed and released now. */
  press(key: number, panel = 'desk1'): void {
    this.panel(panel).press(key);
    this.panel(panel).release(key);
  }

  /** Moves the clock `ms`, one timer at a time, letting promise callbacks run after each. */
  advance(ms: number): Promise<void> {
    return advanceSettled(this.clock, ms);
  }

  /** Moves the clock to `t` ms after the epoch. */
  advanceTo(t: number): Promise<void> {
    return advanceSettled(this.clock, EPOCH + t - this.clock.now());
  }

  /** One request over the real control socket (one client per harness, opened on first use). */
  async request(command: ControlCommand): Promise<unknown> {
    let client = this.clients[0];
    if (!client) {
      client = await ControlClient.connect(this.socketPath);
      this.clients.push(client);
    }
    return client.request(command);
  }

  lineStatus(id: string) {
    return this.service.ks.status().lines.find((l) => l.id === id);
  }

  /** Every rendered change of `key` on the panel, times relative to the epoch. */
  edges(key: number, panel = 'desk1'): Array<{ t: number; color: LedColor | null }> {
    return this.panel(panel).timeline().filter((e) => e.key === key).map((e) => ({ t: e.t - EPOCH, color: e.color }));
  }

  /**
   * SIGTERM's work: `Service.stop()` waits for the ports' on-hook acknowledgements, which come on
   * the simulated clock, so the clock is moved (bounded) until stop() has finished.
   */
  async stop(): Promise<void> {
    if (!this.svc || this.stopped) return;
    this.stopped = true;
    for (const c of this.clients.splice(0)) c.close();
    let done = false;
    let failure: unknown = null;
    const stopping = this.svc.stop().then(() => { done = true; }, (err: unknown) => { done = true; failure = err; });
    for (let moved = 0; !done && moved <= STOP_BUDGET_MS; moved += 10) {
      await settle();
      if (!done) await advanceSettled(this.clock, 10);
    }
    await stopping;
    if (failure) throw failure;
  }

  async dispose(): Promise<void> {
    try {
      await this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
