import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAlaw } from './decodeAlaw.js';
import { decodeUlaw } from './decodeUlaw.js';
import { encodeAlaw } from './encodeAlaw.js';
import { encodeUlaw } from './encodeUlaw.js';

const int16 = fc.integer({ min: -32768, max: 32767 });
const octet = fc.integer({ min: 0, max: 255 });

interface Law {
  name: string;
  encode: (x: number) => number;
  decode: (b: number) => number;
  /** The width of the quantisation interval a code stands for, on the 16-bit scale. */
  step: (code: number) => number;
  /** Beyond this magnitude the input overloads the quantiser and clips to the peak code. */
  overload: number;
  peak: number;
}

const LAWS: Law[] = [
  // µ-law: segment s has 16 steps of 8·2^s (the zero interval is half a step of segment 0).
  { name: 'µ-law', encode: encodeUlaw, decode: decodeUlaw, step: (b) => 8 << ((~b >> 4) & 7), overload: 4 * 8159, peak: 32124 },
  // A-law: segments 0 and 1 have steps of 16, segment s ≥ 2 steps of 16·2^(s−1); no overload in 16 bits.
  { name: 'A-law', encode: encodeAlaw, decode: decodeAlaw, step: (b) => 16 << Math.max((((b ^ 0x55) >> 4) & 7) - 1, 0), overload: 32768, peak: 32256 },
];

/** |x| in the G.711 sign-magnitude sense (one's complement for negatives). */
const magnitudeOf = (x: number): number => (x >= 0 ? x : -x - 1);

/** decode(encode(x)) is within half a quantisation step of x, or x overloads and gives the peak. */
function withinHalfStep(law: Law, x: number): boolean {
  const code = law.encode(x);
  const y = law.decode(code);
  if (magnitudeOf(x) >= law.overload) return y === (x >= 0 ? law.peak : -law.peak);
  return Math.abs(y - x) <= law.step(code) / 2;
}

describe.each(LAWS)('G.711 $name properties', (law) => {
  it('decode(encode(x)) is within half a quantisation step of x for random x (fast-check)', () => {
    fc.assert(fc.property(int16, (x) => withinHalfStep(law, x)), { numRuns: 5000 });
  });

  it('… and for every one of the 65536 16-bit values', () => {
    const far: number[] = [];
    for (let x = -32768; x <= 32767; x += 1) if (!withinHalfStep(law, x)) far.push(x);
    expect(far).toEqual([]);
  });

  it('the quantiser is monotonic: x ≤ y implies decode(encode(x)) ≤ decode(encode(y))', () => {
    fc.assert(fc.property(int16, int16, (a, b) => {
      const [x, y] = a <= b ? [a, b] : [b, a];
      return law.decode(law.encode(x)) <= law.decode(law.encode(y));
    }));
  });

  it('the law is odd in the sign-magnitude sense: the value for −x−1 is minus the value for x', () => {
    fc.assert(fc.property(int16, (x) => law.decode(law.encode(-x - 1)) === -law.decode(law.encode(x))));
  });

  it('quantising twice changes nothing: decoder outputs are fixed points of decode∘encode', () => {
    fc.assert(fc.property(int16, (x) => {
      const y = law.decode(law.encode(x));
      return law.decode(law.encode(y)) === y;
    }));
  });

  it('encode(decode(b)) === b for any code, except µ-law −0', () => {
    fc.assert(fc.property(octet, (b) => law.encode(law.decode(b)) === (law.name === 'µ-law' && b === 0x7f ? 0xff : b)));
  });
});

describe('G.711 codes that alias', () => {
  it('µ-law has exactly one alias: 0x7F (−0) decodes to 0, which encodes as 0xFF (+0)', () => {
    const aliases = Array.from({ length: 256 }, (_, b) => b).filter((b) => encodeUlaw(decodeUlaw(b)) !== b);
    expect(aliases).toEqual([0x7f]);
    expect(decodeUlaw(0x7f)).toBe(0);
    expect(encodeUlaw(0)).toBe(0xff);
  });

  it('A-law has none: 256 distinct decoder outputs, none of them zero', () => {
    const values = Array.from({ length: 256 }, (_, b) => decodeAlaw(b));
    expect(new Set(values).size).toBe(256);
    expect(values).not.toContain(0);
    expect(values.every((v, b) => encodeAlaw(v) === b)).toBe(true);
  });
});
