/** Milliseconds on a monotonic clock. */
export type Millis = number;

/**
 * The one source of time for drivers, supervisors, the blink engine and the core.
 *
 * - `now()` MUST be monotonic (never goes back) and MUST NOT be wall-clock time.
 * - `setTimeout(fn, ms)` MUST call `fn` once, no earlier than `ms` after the call, unless
 *   `clearTimeout` was called with its handle first. `ms` below 0 counts as 0.
 * - Code MUST NOT use the global timers or `Date.now()` where it could use this clock: tests
 *   move a simulated clock instead of sleeping (STYLE.md 8).
 */
export interface Clock {
  now(): Millis;
  setTimeout(fn: () => void, ms: Millis): unknown;
  clearTimeout(handle: unknown): void;
}
