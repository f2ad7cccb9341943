/**
 * The time source the media clock runs on (structurally the same as hal's `Clock`, declared here
 * because src/media does not import hal). Production uses `systemMediaTimer()`; tests supply a fake
 * they move by hand (STYLE.md 8).
 *
 * - `now()` MUST be monotonic, in milliseconds, and MAY be fractional.
 * - `setTimeout(fn, ms)` MUST call `fn` once, not before `ms` has passed on a real timer (a fake
 *   may fire whenever its test says), unless `clearTimeout` got its handle first.
 */
export interface MediaTimer {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
