import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../Frame.js';
import { PlayoutRing } from './PlayoutRing.js';

const frame = (id: number): Int16Array => new Int16Array(FRAME_SAMPLES).fill(id);

describe('PlayoutRing', () => {
  it('keeps frames by slot after the playout point and moves the point on one slot at a time', () => {
    const ring = new PlayoutRing(11);
    ring.put(2, 102, frame(2));
    ring.put(0, 100, frame(0));
    expect(ring.size).toBe(2);
    expect(ring.frame(0)?.[0]).toBe(0);
    expect(ring.frame(1)).toBeNull();
    expect(ring.sequence(2)).toBe(102);
    expect(ring.newest()).toBe(2);
    expect(ring.take()?.[0]).toBe(0);
    ring.advance();
    ring.advance(); // slot 1 was empty
    expect(ring.frame(0)?.[0]).toBe(2);
    expect(ring.sequence(0)).toBe(102);
    expect(ring.size).toBe(1);
  });

  it('goes round its capacity any number of times without two slots meeting', () => {
    const ring = new PlayoutRing(11); // capacity 16
    for (let t = 0; t < 100; t += 1) {
      ring.put(10, t, frame(t)); // always the farthest slot
      if (t >= 10) {
        expect(ring.frame(0)?.[0]).toBe(t - 10);
        ring.take();
      }
      ring.advance();
    }
    expect(ring.size).toBe(10);
    expect(ring.newest()).toBe(9);
  });

  it('counts a slot written twice once, and clear() hands back every frame', () => {
    const ring = new PlayoutRing(4);
    ring.put(1, 1, frame(1));
    ring.put(1, 1, frame(9));
    ring.put(3, 3, frame(3));
    expect(ring.size).toBe(2);
    const given: number[] = [];
    ring.clear((f) => given.push(f[0] ?? -1));
    expect(given.sort()).toEqual([3, 9]);
    expect(ring.size).toBe(0);
    expect(ring.newest()).toBe(-1);
    expect(ring.frame(1)).toBeNull();
  });

  it('refuses a slot out of reach and moving past a frame not taken', () => {
    const ring = new PlayoutRing(4);
    expect(() => ring.put(4, 0, frame(0))).toThrow(/ahead must be 0..3, got 4/);
    expect(() => ring.put(-1, 0, frame(0))).toThrow(RangeError);
    ring.put(0, 0, frame(0));
    expect(() => ring.advance()).toThrow(/still holds a frame/);
    expect(() => new PlayoutRing(0)).toThrow(/slots must be an integer/);
  });
});
