import type { MediaTimer } from '../../src/media/clock/MediaTimer.js';

/**
 * A media time source moved by hand (tests): `advance(ms)` fires every timer falling due on the
 * way, in order of their due times, each with `now()` at its own due time, then leaves the time
 * at the end. `delays` records every delay asked for, in order.
 */
export class ManualMediaTimer implements MediaTimer {
  t = 1000;
  readonly delays: number[] = [];
  private next = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.t + ms, fn });
    this.delays.push(ms);
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.pending.delete(handle);
  }

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}
