import { describe, expect, it } from 'vitest';
import { systemMediaTimer } from './systemMediaTimer.js';

describe('systemMediaTimer', () => {
  it('has a monotonic fractional-millisecond clock and cancellable timers', () => {
    const timer = systemMediaTimer();
    const a = timer.now();
    const b = timer.now();
    expect(b).toBeGreaterThanOrEqual(a);
    let fired = false;
    const handle = timer.setTimeout(() => {
      fired = true;
    }, 0);
    timer.clearTimeout(handle);
    expect(fired).toBe(false);
  });
});
