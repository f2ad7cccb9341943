import { fileURLToPath } from 'node:url';
import { loadProfile } from '../../../boards/resolveProfile.js';
import type { FxoEvent, FxoPort } from '../../../hal/contracts/fxo.js';
import type { DeviceError } from '../../../hal/contracts/device.js';
import { createMcuPorts } from '../../../hal/drivers/mcu/createMcuPorts.js';
import type { KlbLinkOptions } from '../../../hal/drivers/mcu/KlbLink.js';
import type { McuFxoPort } from '../../../hal/drivers/mcu/McuFxoPort.js';
import { advanceSettled } from '../../../hal/sim/advanceSettled.js';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { FakeMcuBoard } from './FakeMcuBoard.js';
import type { FakeMcuOptions } from './FakeMcuBoard.js';

const PROFILES = fileURLToPath(new URL('../../../boards/profiles/', import.meta.url));

export interface McuRig {
  clock: SimulatedClock;
  fake: FakeMcuBoard;
  ports: Map<string, FxoPort>;
  port(line: string): McuFxoPort;
  /** Everything each line emitted, in order (`event` payloads, `ready`, `lost`). */
  log: Map<string, Array<FxoEvent | { type: 'ready' } | { type: 'lost'; err: DeviceError }>>;
  /** Lets serial I/O (ticks, promises) run; no simulated time passes. */
  flush(): Promise<void>;
  /** Moves the clock, letting I/O run after each timer. */
  advance(ms: number): Promise<void>;
}

/** Four lines (line1..line4 on channels 0..3) of a driver on a fake board, on a simulated clock. */
export function mcuRig(o: { country?: string; options?: Record<string, unknown>; fake?: Omit<FakeMcuOptions, 'clock'>; channels?: Record<string, number>; link?: KlbLinkOptions } = {}): McuRig {
  const clock = new SimulatedClock(1_000_000);
  const fake = new FakeMcuBoard({ clock, ...o.fake });
  const profile = loadProfile(PROFILES, o.country ?? 'us');
  const channels = o.channels ?? { line1: 0, line2: 1, line3: 2, line4: 3 };
  const ports = createMcuPorts({ id: 'daa', match: { path: fake.path }, options: o.options, channels }, { clock, profile, serial: fake.opener, link: o.link });
  const log: McuRig['log'] = new Map();
  for (const [line, p] of ports) {
    const list: NonNullable<ReturnType<McuRig['log']['get']>> = [];
    log.set(line, list);
    p.on('event', (ev) => list.push(ev));
    p.on('ready', () => list.push({ type: 'ready' }));
    p.on('lost', (err) => list.push({ type: 'lost', err }));
  }
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    clock, fake, ports, log, flush,
    port: (line) => {
      const p = ports.get(line);
      if (!p) throw new RangeError(`no port for ${line}`);
      return p as McuFxoPort;
    },
    advance: async (ms) => {
      await advanceSettled(clock, ms);
      await flush();
    },
  };
}
