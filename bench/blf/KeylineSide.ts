import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import { ControlClient } from '../../src/cli/ControlClient.js';
import { Child } from './Child.js';
import { wallNow } from './wallNow.js';

/**
 * keyline as built (`node bin/keyline.js run`), on the bench board and site (`benchSite.ts`), at
 * the production log level (info), stopped by its PID with SIGTERM. The simulator is driven over
 * the control socket with the same commands `keyline sim` sends, so the time a command goes out
 * is known to the microsecond (the CLI would add a Node start-up, ~100 ms, to every round).
 */
export class KeylineSide {
  /**
   * When each `fxo line=<line> event=ringing` log line arrived: the ring validated and the core
   * told (a second one follows when the cadence is recognised).
   */
  readonly ringingAt = new Map<string, number[]>();
  /** Log lines telling of a NOTIFY that failed (retry) or a subscription that ended for it. */
  private readonly trouble: string[] = [];
  /** Output until the service is ready, for the error message when it does not start. */
  private readonly startup: string[] = [];
  private ready: (() => void) | null = null;
  private client: ControlClient | null = null;

  private constructor(private readonly child: Child, private readonly out: WriteStream, readonly sipPort: number) {}

  /** `logLevel` debug logs every SIP message (for diagnosis; it slows keyline down). */
  static async start(o: { root: string; dir: string; config: string; board: string; sipPort: number; maxMs: number; logLevel?: 'info' | 'debug' }): Promise<KeylineSide> {
    const socket = join(o.dir, 'control.sock');
    let side: KeylineSide | null = null;
    const out = createWriteStream(join(o.dir, 'keyline.log'));
    const child = new Child('keyline', process.execPath, [
      join(o.root, 'bin', 'keyline.js'), 'run', '--config', o.config, '--board', o.board,
      '--socket', socket, '--state-dir', join(o.dir, 'state'), '--log-level', o.logLevel ?? 'info',
    ], { logFile: join(o.dir, 'keyline.stderr'), maxMs: o.maxMs, onLine: (l) => side?.line(l) });
    side = new KeylineSide(child, out, o.sipPort);
    const s = side;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`keyline did not start within 20 s:\n${s.startup.join('\n')}`)), 20_000);
      s.ready = () => { clearTimeout(timer); resolve(); };
      void child.exited.then(() => { clearTimeout(timer); reject(new Error(`keyline exited at start:\n${s.startup.join('\n')}`)); });
    });
    s.client = await ControlClient.connect(socket);
    return s;
  }

  /** `keyline sim ring LINE`; resolves with the wall-clock instant the command was written. */
  async ring(line: string): Promise<number> {
    const t = wallNow();
    await this.control().request({ cmd: 'sim.ring', line });
    return t;
  }

  /** `keyline sim hangup LINE`: the far end stops ringing (the board notices after the cadence's silence). */
  async hangup(line: string): Promise<number> {
    const t = wallNow();
    await this.control().request({ cmd: 'sim.hangup', line });
    return t;
  }

  /** What keyline logged about failed NOTIFYs: retries, and subscriptions ended by a failure. */
  notifyTrouble(): { retries: number; ended: number } {
    return {
      retries: this.trouble.filter((l) => l.includes('event=notify-retry')).length,
      ended: this.trouble.filter((l) => l.includes('event=subscription-ended')).length,
    };
  }

  async stop(): Promise<{ code: number | null }> {
    this.client?.close();
    await this.child.stop(10_000);
    this.out.end();
    return { code: (await this.child.exited).code };
  }

  private control(): ControlClient {
    if (this.client === null) throw new Error('keyline: not started');
    return this.client;
  }

  private line(l: string): void {
    this.out.write(`${l}\n`);
    if (l.includes('event=notify-retry') || /event=subscription-ended why=(gone|unreachable|notify-timeout)/.test(l)) this.trouble.push(l);
    if (this.ready) {
      if (this.startup.length < 200) this.startup.push(l);
      if (/service event=ready/.test(l)) {
        this.ready();
        this.ready = null;
      }
    }
    const m = /^<\d>fxo line=(\S+) event=ringing /.exec(l);
    if (m?.[1] !== undefined) {
      const at = this.ringingAt.get(m[1]) ?? [];
      at.push(wallNow());
      this.ringingAt.set(m[1], at);
    }
  }
}
