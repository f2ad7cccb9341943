import type { Clock, Millis } from '../contracts/clock.js';

/**
 * The timers one owner armed on the injected clock, so that `clear()` cancels all of them at
 * once (close, dispose, device lost). A fired timer forgets itself.
 */
export class TimerSet {
  private readonly handles = new Set<unknown>();

  constructor(private readonly clock: Clock) {}

  /** Calls `fn` after `ms` (clamped to >= 0); returns the handle for `cancel`. */
  after(ms: Millis, fn: () => void): unknown {
    const handle: unknown = this.clock.setTimeout(() => {
      this.handles.delete(handle);
      fn();
    }, Math.max(0, ms));
    this.handles.add(handle);
    return handle;
  }

  /** Cancels one timer; `undefined`/`null` and fired handles are ignored. */
  cancel(handle: unknown): void {
    if (handle === undefined || handle === null || !this.handles.has(handle)) return;
    this.handles.delete(handle);
    this.clock.clearTimeout(handle);
  }

  clear(): void {
    for (const h of this.handles) this.clock.clearTimeout(h);
    this.handles.clear();
  }

  get size(): number {
    return this.handles.size;
  }
}
