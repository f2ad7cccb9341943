import { performance } from 'node:perf_hooks';
import type { Clock } from '../../hal/contracts/index.js';

/**
 * The production clock: monotonic milliseconds (never wall-clock time, which jumps with NTP) and
 * Node's timers. Long timers are fine: the configuration caps durations below Node's 2^31 ms.
 */
export class MonotonicClock implements Clock {
  now(): number {
    return performance.now();
  }
  setTimeout(fn: () => void, ms: number): unknown {
    // Node counts a timer from its loop's cached time, so it may fire up to a few ms before
    // `now()` reaches the instant asked for; the Clock contract says never earlier (a deadline
    // compared with now() would find nothing due and be lost): wait out the rest.
    const due = performance.now() + Math.max(0, ms);
    const handle: { timer?: ReturnType<typeof setTimeout> } = {};
    const arm = (wait: number) => {
      // Not unref'd: a pending acknowledgement (a port going on-hook at stop) must keep the process up.
      handle.timer = setTimeout(() => {
        const left = due - performance.now();
        if (left > 0) arm(left);
        else fn();
      }, wait);
    };
    arm(Math.max(0, ms));
    return handle;
  }
  clearTimeout(handle: unknown): void {
    clearTimeout((handle as { timer?: ReturnType<typeof setTimeout> } | undefined)?.timer);
  }
}

/** Wall-clock time of a monotonic instant, for records people read. */
export function wallTime(clock: Clock, t: number, nowMs: number = Date.now()): Date {
  return new Date(nowMs - (clock.now() - t));
}
