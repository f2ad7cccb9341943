import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../Frame.js';
import { DBM0_PEAK } from '../tones/dbm0.js';
import { DTMF_DIGITS, dtmfFrequencies } from './DtmfDigit.js';
import { dominantFrequency } from './dominantFrequency.js';
import { DtmfGenerator } from './DtmfGenerator.js';
import { goertzel } from './goertzel.js';

function drain(source: { read(): Int16Array | null }): Int16Array {
  const frames: Int16Array[] = [];
  for (let f = source.read(); f !== null; f = source.read()) frames.push(f.slice());
  const out = new Int16Array(frames.length * FRAME_SAMPLES);
  frames.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
  return out;
}

describe('DtmfGenerator', () => {
  it.each(DTMF_DIGITS)('%s: the two Q.23 frequencies at -8 and -6 dBm0', (digit) => {
    const [low, high] = dtmfFrequencies(digit);
    const burst = new DtmfGenerator({ onMs: 500 }).burst(digit);
    expect(Math.abs(dominantFrequency(burst, 600, 1000, 5) - low)).toBeLessThan(2);
    expect(Math.abs(dominantFrequency(burst, 1150, 1700, 5) - high)).toBeLessThan(2);
    const dbm0 = (p: number): number => 10 * Math.log10(p / ((DBM0_PEAK * DBM0_PEAK) / 2));
    expect(dbm0(goertzel(burst, low))).toBeCloseTo(-8, 0);
    expect(dbm0(goertzel(burst, high))).toBeCloseTo(-6, 0);
  });

  it('plays each digit for onMs, then offMs of silence, exactly in samples, then ends', () => {
    const samples = drain(new DtmfGenerator({ onMs: 70, offMs: 55 }).source('1#'));
    // 2 × (560 + 440) = 2000 samples, padded to whole frames.
    expect(samples).toHaveLength(Math.ceil(2000 / FRAME_SAMPLES) * FRAME_SAMPLES);
    const loud = (from: number, to: number): boolean => samples.subarray(from, to).some((x) => Math.abs(x) > 1000);
    expect(loud(0, 8) && loud(552, 560) && loud(1000, 1008) && loud(1552, 1560)).toBe(true);
    expect(samples.subarray(560, 1000).every((x) => x === 0)).toBe(true);
    expect(samples.subarray(1560).every((x) => x === 0)).toBe(true);
  });

  it('accepts a-d for A-D and rejects anything else, naming it', () => {
    const gen = new DtmfGenerator();
    expect(drain(gen.source('d'))).toEqual(drain(gen.source('D')));
    expect(() => gen.source('12x')).toThrow(/"x" at 3 is not a DTMF digit/);
    expect(() => gen.source('')).toThrow(/must not be empty/);
    expect(() => new DtmfGenerator({ onMs: 0 })).toThrow(/onMs/);
  });
});
