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
    // Not unref'd: a pending acknowledgement (a port going on-hook at stop) must keep the process up.
    return setTimeout(fn, Math.max(0, ms));
  }
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
}

/** Wall-clock time of a monotonic instant, for records people read. */
export function wallTime(clock: Clock, t: number, nowMs: number = Date.now()): Date {
  return new Date(nowMs - (clock.now() - t));
}
