import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../Frame.js';
import { FramePool } from './FramePool.js';

describe('FramePool', () => {
  it('hands out distinct frames, takes them back once, and makes new ones when all are out', () => {
    const pool = new FramePool(2);
    const a = pool.take();
    const b = pool.take();
    expect(a).not.toBe(b);
    expect([a.length, b.length, pool.available]).toEqual([FRAME_SAMPLES, FRAME_SAMPLES, 0]);
    const extra = pool.take();
    expect(extra.buffer).not.toBe(a.buffer); // outside the pool: still a frame
    pool.give(extra);
    pool.give(a);
    pool.give(a); // twice: ignored
    pool.give(null);
    expect(pool.available).toBe(1);
    expect(pool.take()).toBe(a);
    expect(pool.take()).not.toBe(b); // b is still out: never handed out twice
  });

  it('writes to one frame never show in another', () => {
    const pool = new FramePool(3);
    const frames = [pool.take(), pool.take(), pool.take()];
    frames.forEach((f, i) => f.fill(i + 1));
    expect(frames.map((f) => [f[0], f[FRAME_SAMPLES - 1]])).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new FramePool(0)).toThrow(/frames must be an integer ≥ 1/);
  });
});
