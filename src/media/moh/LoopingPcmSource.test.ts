import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../Frame.js';
import { LoopingPcmSource } from './LoopingPcmSource.js';

describe('LoopingPcmSource', () => {
  it('plays the buffer round and round, across frame and loop boundaries, sample-exact', () => {
    const pcm = Int16Array.from({ length: 250 }, (_, i) => i - 125);
    const source = new LoopingPcmSource(pcm);
    const heard: number[] = [];
    for (let i = 0; i < 10; i += 1) heard.push(...source.read());
    expect(heard).toHaveLength(10 * FRAME_SAMPLES);
    heard.forEach((x, i) => expect(x).toBe((i % 250) - 125));
  });

  it('works with a buffer shorter than a frame, and from a given start', () => {
    const source = new LoopingPcmSource(Int16Array.of(1, 2, 3), 4);
    expect(Array.from(source.read().subarray(0, 5))).toEqual([2, 3, 1, 2, 3]);
    expect(Array.from(new LoopingPcmSource(Int16Array.of(1, 2, 3), -1).read().subarray(0, 2))).toEqual([3, 1]);
  });

  it('never ends, and the previous frame stays intact after the next read', () => {
    const source = new LoopingPcmSource(Int16Array.from({ length: 400 }, (_, i) => i));
    const a = source.read();
    const copy = a.slice();
    expect(source.read()).not.toBe(a);
    expect(a).toEqual(copy);
  });

  it('rejects an empty buffer', () => {
    expect(() => new LoopingPcmSource(new Int16Array(0))).toThrow(/non-empty/);
  });
});
