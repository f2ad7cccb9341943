import { describe, expect, it } from 'vitest';
import { dominantFrequency } from '../dtmf/dominantFrequency.js';
import { goertzel, meanSquare } from '../dtmf/goertzel.js';
import { FRAME_SAMPLES } from '../Frame.js';
import { decodeUlaw } from '../g711/index.js';
import { compileTone } from './CompiledTone.js';
import { DBM0_PEAK, dbm0ToPeak } from './dbm0.js';
import { JOIN_TONE, joinTone } from './joinTone.js';
import { ToneSource } from './ToneSource.js';

/** Reads `frames` frames (copying each: a source may reuse its buffers) into one array; stops at null. */
function play(source: ToneSource, frames: number): { samples: Int16Array; frames: number } {
  const out = new Int16Array(frames * FRAME_SAMPLES);
  let n = 0;
  for (; n < frames; n += 1) {
    const f = source.read();
    if (f === null) break;
    expect(f).toHaveLength(FRAME_SAMPLES);
    out.set(f, n * FRAME_SAMPLES);
  }
  return { samples: out.subarray(0, n * FRAME_SAMPLES), frames: n };
}

const levelDb = (power: number): number => 10 * Math.log10(power / (DBM0_PEAK * DBM0_PEAK / 2));

describe('tone levels', () => {
  it('0 dBm0 is the power of G.711 digital milliwatt', () => {
    const dmw = [0x1e, 0x0b, 0x0b, 0x1e, 0x9e, 0x8b, 0x8b, 0x9e].map(decodeUlaw);
    expect(levelDb(meanSquare(dmw))).toBeCloseTo(0, 1);
  });

  it('plays each frequency at -13 dBm0 by default, or at the level asked', () => {
    const { samples } = play(new ToneSource(compileTone('350+440')), 50);
    expect(levelDb(goertzel(samples, 350))).toBeCloseTo(-13, 1);
    expect(levelDb(goertzel(samples, 440))).toBeCloseTo(-13, 1);
    const quiet = play(new ToneSource(compileTone('425', { levelDbm0: -20 })), 50).samples;
    expect(levelDb(meanSquare(quiet))).toBeCloseTo(-20, 1);
    expect(dbm0ToPeak(0)).toBe(DBM0_PEAK);
  });
});

describe('ToneSource', () => {
  it.each([
    ['350+440', 350, 440],
    ['480+620', 480, 620],
    ['413+438', 413, 438],
  ])('%s: both frequencies within 2 Hz, nothing else', (text, f1, f2) => {
    const { samples } = play(new ToneSource(compileTone(text)), 50);
    const mid = (f1 + f2) / 2;
    expect(Math.abs(dominantFrequency(samples, 250, mid, 2) - f1)).toBeLessThan(2);
    expect(Math.abs(dominantFrequency(samples, mid, 1000, 2) - f2)).toBeLessThan(2);
    expect(goertzel(samples, f1) + goertzel(samples, f2)).toBeGreaterThan(0.99 * meanSquare(samples));
  });

  it('is phase-continuous across frames: a continuous tone equals one sine sampled throughout', () => {
    const { samples } = play(new ToneSource(compileTone('425', { levelDbm0: -13 })), 150);
    const peak = dbm0ToPeak(-13);
    for (let n = 0; n < samples.length; n += 1) {
      expect(Math.abs((samples[n] as number) - peak * Math.sin((2 * Math.PI * 425 * n) / 8000))).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  it.each([
    ['480+620/500,0/500', [4000, 4000]],
    ['400/400,0/350,400/225,0/525', [3200, 2800, 1800, 4200]],
    ['425/375,0/375,420/375,0/375', [3000, 3000, 3000, 3000]],
  ])('%s: cadence edges fall on exact samples, and the cadence repeats', (text, lengths) => {
    const cycle = lengths.reduce((a, b) => a + b, 0);
    const frames = Math.ceil((2 * cycle) / FRAME_SAMPLES) + 1;
    const { samples } = play(new ToneSource(compileTone(text)), frames);
    let start = 0;
    for (let rep = 0; rep < 2; rep += 1) {
      lengths.forEach((length, i) => {
        const seg = samples.subarray(start, start + length);
        if (i % 2 === 1) {
          expect(seg.every((x) => x === 0)).toBe(true);
        } else {
          // Sound right to the first and last millisecond of the part, and silence around it.
          expect(meanSquare(seg.subarray(0, 8))).toBeGreaterThan(1e5);
          expect(meanSquare(seg.subarray(length - 8))).toBeGreaterThan(1e5);
          expect(samples[start - 1] ?? 0).toBe(0);
          expect(samples[start + length] ?? 0).toBe(0);
        }
        start += length;
      });
    }
  });

  it('a modulated tone keeps its carrier and swings its envelope at the modulating rate', () => {
    const { samples } = play(new ToneSource(compileTone('425*25')), 50);
    expect(Math.abs(dominantFrequency(samples, 300, 600, 2) - 425)).toBeLessThan(2);
    // Envelope per 5 ms: loudest and softest differ by the 90 % modulation depth.
    const env = Array.from({ length: 40 }, (_, i) => Math.sqrt(meanSquare(samples.subarray(i * 40, i * 40 + 40))));
    expect(Math.max(...env) / Math.min(...env)).toBeGreaterThan(5);
  });

  it('a tone played once ends with null; its last frame is padded with silence', () => {
    const source = new ToneSource(compileTone('!440/210'));
    const { samples, frames } = play(source, 20);
    expect(frames).toBe(11);
    expect(samples.subarray(1680).every((x) => x === 0)).toBe(true);
    expect(meanSquare(samples.subarray(1672, 1680))).toBeGreaterThan(1e5);
    expect(source.read()).toBeNull();
    expect(source.done).toBe(true);
  });

  it('plays the once-parts, then loops from the first repeating part', () => {
    const { samples } = play(new ToneSource(compileTone('!350+440/100,!0/100,350+440')), 30);
    expect(meanSquare(samples.subarray(0, 800))).toBeGreaterThan(1e6);
    expect(samples.subarray(800, 1600).every((x) => x === 0)).toBe(true);
    expect(meanSquare(samples.subarray(1600))).toBeGreaterThan(1e6);
    expect(samples.subarray(1600).filter((x) => x === 0).length).toBeLessThan(100);
  });

  it('alternates between two buffers, so the previous frame is still intact', () => {
    const source = new ToneSource(compileTone('425'));
    const a = source.read();
    const copy = a?.slice();
    const b = source.read();
    expect(b).not.toBe(a);
    expect(a).toEqual(copy);
  });
});

describe('joinTone', () => {
  it(`is ${JOIN_TONE}: 440 Hz for exactly 200 ms, once`, () => {
    const source = joinTone();
    const { samples, frames } = play(source, 50);
    expect(frames).toBe(10);
    expect(Math.abs(dominantFrequency(samples, 300, 600, 2) - 440)).toBeLessThan(2);
    expect(source.read()).toBeNull();
    expect(play(joinTone(), 50).frames).toBe(10);
  });
});
