import { SAMPLE_RATE } from '../Frame.js';

/**
 * Power of `samples` at `freq` Hz by the Goertzel algorithm (any frequency, not only bin
 * centres), normalised so that a sine of amplitude A at exactly `freq` gives about A²/2: the same
 * scale as the mean square of the samples, so `goertzel(x, f) / meanSquare(x)` is the share of
 * the signal's power at `f` (near 1 for a pure tone; leakage from a short block makes it inexact).
 */
export function goertzel(samples: ArrayLike<number>, freq: number, sampleRate: number = SAMPLE_RATE): number {
  const n = samples.length;
  if (n === 0) return 0;
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i += 1) {
    const s0 = (samples[i] as number) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (2 * (s1 * s1 + s2 * s2 - coeff * s1 * s2)) / (n * n);
}

/** Mean of the squared samples: the signal's power on goertzel's scale. */
export function meanSquare(samples: ArrayLike<number>): number {
  const n = samples.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    const x = samples[i] as number;
    sum += x * x;
  }
  return sum / n;
}
