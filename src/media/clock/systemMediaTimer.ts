import { performance } from 'node:perf_hooks';
import type { MediaTimer } from './MediaTimer.js';

/**
 * The production time source: `performance.now()` (monotonic, sub-millisecond) and Node's global
 * timers, which fire on whole milliseconds, usually up to about 1 ms late. `MediaClock` aims its
 * timers early by `earlyMs` to make up for that.
 */
export function systemMediaTimer(): MediaTimer {
  return {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
  };
}
