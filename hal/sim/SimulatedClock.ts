import type { Clock, Millis } from '../contracts/clock.js';

interface Pending {
  due: Millis;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told to (STYLE.md 8). Timers fire in order of due time, then of
 * scheduling; a timer scheduled while advancing fires in the same advance if it falls due.
 * `now()` during a callback is that timer's due time, as it would be on an idle real clock.
 */
export class SimulatedClock implements Clock {
  private current: Millis;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(start: Millis = 0) {
    this.current = start;
  }

  now(): Millis {
    return this.current;
  }

  setTimeout(fn: () => void, ms: Millis): unknown {
    if (typeof fn !== 'function') throw new TypeError('setTimeout: fn must be a function');
    const handle = ++this.seq;
    this.pending.set(handle, { due: this.current + Math.max(0, ms), seq: handle, fn });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.pending.delete(handle);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: Millis): void {
    if (!(ms >= 0)) throw new RangeError(`advance: ms must be >= 0, got ${ms}`);
    this.advanceTo(this.current + ms);
  }

  /** Moves time forward to the instant `t`, firing every timer due at or before it. */
  advanceTo(t: Millis): void {
    if (t < this.current) throw new RangeError(`advanceTo: ${t} is before now (${this.current})`);
    for (;;) {
      const next = this.nextDue();
      if (!next || next.due > t) break;
      this.pending.delete(next.seq);
      this.current = next.due;
      next.fn();
    }
    this.current = t;
  }

  /** How many timers are scheduled: tests use it to prove nothing is left running. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** The instant of the next timer, if any. */
  nextTimerAt(): Millis | undefined {
    return this.nextDue()?.due;
  }

  private nextDue(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending.values()) {
      if (!best || p.due < best.due || (p.due === best.due && p.seq < best.seq)) best = p;
    }
    return best;
  }
}
