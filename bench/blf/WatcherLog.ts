import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { sleep } from './wallNow.js';

/** One NOTIFY as a SIPp watcher logged it: SIPp's receive time, the call (watcher), the `<state>`. */
export interface NotifySeen {
  /** Wall-clock ms (SIPp's gettimeofday when it handled the NOTIFY). */
  t: number;
  call: number;
  /** The dialog `<state>` of the body ('' if it has none). */
  state: string;
}

/**
 * Tails the `-trace_logs` file of a SIPp instance running `bench/sipp/blf-watcher.xml`, whose
 * `<log>` actions write `N <date> <time> <epoch.us> <call> <state> …` per NOTIFY (SIPp flushes each
 * line). Everything seen so far is in `seen`, in file order.
 */
export class WatcherLog {
  readonly seen: NotifySeen[] = [];
  private offset = 0;
  private rest = '';
  private readonly buf = Buffer.alloc(1 << 20);

  constructor(readonly path: string) {}

  /** Reads what was appended since the last call. */
  poll(): void {
    if (!existsSync(this.path)) return;
    const fd = openSync(this.path, 'r');
    try {
      for (;;) {
        const n = readSync(fd, this.buf, 0, this.buf.length, this.offset);
        if (n <= 0) break;
        this.offset += n;
        this.rest += this.buf.toString('utf8', 0, n);
      }
    } finally {
      closeSync(fd);
    }
    let i: number;
    while ((i = this.rest.indexOf('\n')) >= 0) {
      const line = this.rest.slice(0, i);
      this.rest = this.rest.slice(i + 1);
      const seen = parseLine(line);
      if (seen) this.seen.push(seen);
    }
  }

  /**
   * Polls until `count(seen from index `from` on)` reaches `want`, or `ms` pass. Resolves with
   * whether it got there; the caller reports a shortfall instead of hanging.
   */
  async until(from: number, want: number, count: (xs: readonly NotifySeen[]) => number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      this.poll();
      if (count(this.seen.slice(from)) >= want) return true;
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
  }
}

function parseLine(line: string): NotifySeen | null {
  const f = line.trim().split(/\s+/);
  if (f[0] !== 'N') return null;
  const t = Number(f[3]) * 1000;
  const call = Number(f[4]);
  if (!Number.isFinite(t) || !Number.isInteger(call)) return null;
  return { t, call, state: f[5] ?? '' };
}
