import type { SipClock } from '../types.js';

/**
 * The timers one owner armed on the injected SipClock, so that `clear()` cancels all of them at
 * once on close. A fired timer forgets itself. A callback that throws MUST NOT escape into the
 * clock (in production a Node timer, where it would end the process): it goes to `onError`.
 */
export class ClockTimers {
  private readonly handles = new Set<unknown>();

  constructor(
    private readonly clock: SipClock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Calls `fn` once after `ms`; returns the handle for `cancel`. */
  after(ms: number, fn: () => void): unknown {
    const handle: unknown = this.clock.setTimeout(() => {
      this.handles.delete(handle);
      try {
        fn();
      } catch (error) {
        this.onError(error);
      }
    }, Math.max(0, ms));
    this.handles.add(handle);
    return handle;
  }

  /** Cancels one timer; `undefined` and fired handles are ignored. */
  cancel(handle: unknown): void {
    if (handle === undefined || !this.handles.delete(handle)) return;
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
