import { describe, expect, it } from 'vitest';
import { SimulatedClock } from './SimulatedClock.js';

describe('SimulatedClock', () => {
  it('fires timers in due order and reports their due time as now', () => {
    const clock = new SimulatedClock(100);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 50);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 10);
    clock.setTimeout(() => fired.push(['c', clock.now()]), 50);
    clock.advance(49);
    expect(fired).toEqual([['a', 110]]);
    clock.advance(1);
    expect(fired).toEqual([['a', 110], ['b', 150], ['c', 150]]);
    expect(clock.now()).toBe(150);
    expect(clock.pendingCount).toBe(0);
  });

  it('fires a timer scheduled during an advance if it falls due within it', () => {
    const clock = new SimulatedClock();
    const fired: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 5), 5);
    clock.advance(20);
    expect(fired).toEqual([10]);
  });

  it('never fires a cleared timer and refuses to go back in time', () => {
    const clock = new SimulatedClock();
    let fired = false;
    const h = clock.setTimeout(() => { fired = true; }, 1);
    clock.clearTimeout(h);
    clock.advance(10);
    expect(fired).toBe(false);
    expect(() => clock.advanceTo(5)).toThrow(/before now/);
  });
});
