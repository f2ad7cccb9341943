import type { Millis } from '../contracts/clock.js';
import type { SimulatedClock } from './SimulatedClock.js';

/** Lets every pending promise callback run (one macrotask turn; no time passes). */
export function settle(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Moves a simulated clock forward by `ms` one timer at a time, letting promise callbacks run
 * after each, so chains such as "timer → open() rejects → next timer" complete (STYLE.md 8: move
 * the clock, never sleep). For tests and `keyline sim`.
 */
export async function advanceSettled(clock: SimulatedClock, ms: Millis): Promise<void> {
  if (!(ms >= 0)) throw new RangeError(`advanceSettled: ms must be >= 0, got ${String(ms)}`);
  const end = clock.now() + ms;
  await settle();
  for (;;) {
    const next = clock.nextTimerAt();
    if (next === undefined || next > end) break;
    clock.advanceTo(next);
    await settle();
  }
  clock.advanceTo(end);
}
