import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { MonotonicClock } from './MonotonicClock.js';

// The production clock itself, so real time: a few short timers (about 30 ms in all).
describe('MonotonicClock', () => {
  it('never calls a timer before now() reaches its due instant (the Clock contract)', async () => {
    const clock = new MonotonicClock();
    const early: number[] = [];
    await Promise.all(Array.from({ length: 40 }, (_, i) => new Promise<void>((resolve) => {
      const due = clock.now() + (i % 8) + 1;
      clock.setTimeout(() => {
        if (clock.now() < due) early.push(due - clock.now());
        resolve();
      }, due - clock.now());
    })));
    expect(early).toEqual([]);
  });

  it('clearTimeout cancels, including a timer re-armed after firing early', async () => {
    const clock = new MonotonicClock();
    let fired = 0;
    const h = clock.setTimeout(() => { fired++; }, 5);
    clock.clearTimeout(h);
    const start = performance.now();
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 15));
    expect(performance.now() - start).toBeGreaterThanOrEqual(14);
    expect(fired).toBe(0);
  });
});
