import { describe, expect, it } from 'vitest';
import { dominantFrequency } from './dominantFrequency.js';
import { goertzel, meanSquare } from './goertzel.js';

const sine = (f: number, amplitude: number, n: number, phase = 0): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * f * i) / 8000 + phase));

describe('goertzel', () => {
  it('gives A²/2 for a sine of amplitude A at its frequency, any phase, even off a bin centre', () => {
    for (const f of [697, 1000, 1633.3]) {
      expect(goertzel(sine(f, 1000, 8000, 0.7), f) / 500_000).toBeCloseTo(1, 2);
    }
    expect(goertzel(sine(1000, 1000, 160), 1000)).toBeCloseTo(500_000, -2);
  });

  it('sees little of a tone at other frequencies', () => {
    const x = sine(697, 1000, 160);
    expect(goertzel(x, 941)).toBeLessThan(goertzel(x, 697) / 100);
    expect(meanSquare(x)).toBeCloseTo(500_000, -4);
  });

  it('is 0 for no samples', () => {
    expect(goertzel([], 440)).toBe(0);
    expect(meanSquare([])).toBe(0);
  });
});

describe('dominantFrequency', () => {
  it.each([[350], [440.6], [1209], [2999.3]])('finds %f Hz within 0.1 Hz in one second, with a coarse 5 Hz scan', (f) => {
    expect(Math.abs(dominantFrequency(sine(f, 3000, 8000, 0.3), 200, 3500, 5) - f)).toBeLessThan(0.1);
  });

  it('finds the stronger of two tones and keeps to its range', () => {
    const x = sine(500, 1000, 4000).map((v, i) => v + 3 * (sine(900, 1000, 4000)[i] ?? 0));
    expect(Math.abs(dominantFrequency(x, 100, 2000, 2) - 900)).toBeLessThan(1);
    expect(Math.abs(dominantFrequency(x, 100, 700, 2) - 500)).toBeLessThan(1);
  });

  it('finds a tone within 2 Hz in a single 20 ms frame', () => {
    expect(Math.abs(dominantFrequency(sine(1336, 8000, 160), 1000, 2000, 5) - 1336)).toBeLessThan(2);
  });

  it('rejects a bad range or step', () => {
    expect(() => dominantFrequency([1, 2], 500, 100)).toThrow(/from and to/);
    expect(() => dominantFrequency([1, 2], 100, 500, 0)).toThrow(/stepHz/);
  });
});
