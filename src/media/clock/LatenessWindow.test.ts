import { describe, expect, it } from 'vitest';
import { LatenessWindow } from './LatenessWindow.js';

describe('LatenessWindow', () => {
  it('reports nearest-rank percentiles and the maximum of the recent samples', () => {
    const w = new LatenessWindow(100);
    for (let i = 1; i <= 100; i += 1) w.record(i / 10);
    expect(w.summary()).toEqual({ count: 100, p50: 5, p99: 9.9, max: 10 });
  });

  it('forgets samples older than its window', () => {
    const w = new LatenessWindow(3);
    [50, 1, 2, 3].forEach((x) => w.record(x));
    expect(w.summary()).toMatchObject({ count: 3, max: 3 });
  });

  it('is all zero when empty', () => {
    expect(new LatenessWindow(4).summary()).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
  });
});
