import type { Clock, Millis } from '../../contracts/clock.js';

interface Sample {
  rtt: Millis;
  hostMid: Millis;
  boardTs: number;
}

/**
 * Maps the board's ms clock (`ts`, u32, wrapping) to the host `Clock` (hardware.md §3.2 rule 4):
 * from the request/reply pair with the smallest round trip among the recent ones, offset = host
 * mid-point − `ts`, with wrap-around arithmetic. A mapped time is never later than `now()`.
 */
export class BoardClock {
  private samples: Sample[] = [];

  constructor(private readonly clock: Clock, private readonly window = 16) {}

  /** A request sent at `sentAt` was answered with board time `boardTs`, received now. */
  sample(sentAt: Millis, boardTs: number): void {
    const now = this.clock.now();
    this.samples.push({ rtt: now - sentAt, hostMid: (sentAt + now) / 2, boardTs: boardTs >>> 0 });
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** Host time of a board timestamp; `now()` until a first sample exists. */
  toHost(ts: number): Millis {
    const now = this.clock.now();
    const best = this.best();
    if (!best) return now;
    const delta = ((ts >>> 0) - best.boardTs) | 0;
    return Math.min(now, best.hostMid + delta);
  }

  /** The board rebooted: its clock starts over. */
  reset(): void {
    this.samples = [];
  }

  private best(): Sample | undefined {
    let best: Sample | undefined;
    for (const s of this.samples) if (!best || s.rtt <= best.rtt) best = s;
    return best;
  }
}
