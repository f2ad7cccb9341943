import { describe, expect, it } from 'vitest';
import { decodeAlaw } from './decodeAlaw.js';
import { decodeUlaw } from './decodeUlaw.js';
import { encodeAlaw } from './encodeAlaw.js';
import { encodeUlaw } from './encodeUlaw.js';

/**
 * An oracle written from the G.711 tables themselves, not from the bit tricks of the encoder:
 * the 128 quantisation intervals of one sign as (lower decision value, decoder output), on the
 * standard's own scale. A 16-bit sample maps to that scale in sign-magnitude with the one's
 * complement for negatives (ITU-T G.191: |x| := x for x ≥ 0, −x − 1 for x < 0), then >> 2 for
 * µ-law (14-bit, Table 2a, 0..8159) and >> 3 for A-law (13-bit, Table 1a, 0..4095).
 */
interface Interval { lower: number; output: number }

/** G.711 Table 2a, µ-law: the zero interval, 15 steps of 2, then segments 1..7 of 16 steps each. */
function ulawIntervals(): Interval[] {
  const out: Interval[] = [{ lower: 0, output: 0 }];
  for (let n = 1; n < 16; n += 1) out.push({ lower: 2 * n - 1, output: 2 * n });
  for (let segment = 1; segment < 8; segment += 1) {
    const start = 2 ** (segment + 5) - 33; // 31, 95, 223, 479, 991, 2015, 4063
    const step = 2 ** (segment + 1);
    for (let k = 0; k < 16; k += 1) out.push({ lower: start + k * step, output: start + k * step + step / 2 });
  }
  return out;
}

/** G.711 Table 1a, A-law: segments 0 and 1 of 16 steps of 2, then segments 2..7 doubling. */
function alawIntervals(): Interval[] {
  const out: Interval[] = [];
  for (let segment = 0; segment < 8; segment += 1) {
    const start = segment === 0 ? 0 : 2 ** (segment + 4); // 0, 32, 64, 128 … 2048
    const step = 2 ** Math.max(segment, 1);
    for (let k = 0; k < 16; k += 1) out.push({ lower: start + k * step, output: start + k * step + step / 2 });
  }
  return out;
}

const ULAW = ulawIntervals();
const ALAW = alawIntervals();

/** The interval number (0..127) holding a magnitude: the last whose lower decision value is ≤ it. */
function intervalOf(table: Interval[], magnitude: number): number {
  let n = 0;
  while (n + 1 < table.length && (table[n + 1]?.lower ?? Infinity) <= magnitude) n += 1;
  return n;
}

const magnitudeOf = (x: number): number => (x >= 0 ? x : -x - 1);

/** µ-law octets are the sign (1 = positive) and the interval number with its 7 bits inverted. */
const ulawOracle = (x: number): number => (x >= 0 ? 0x80 : 0) | (0x7f - intervalOf(ULAW, magnitudeOf(x) >> 2));
/** A-law octets are the interval number with the sign (1 = positive), even bits inverted. */
const alawOracle = (x: number): number => ((x >= 0 ? 0x80 : 0) | intervalOf(ALAW, magnitudeOf(x) >> 3)) ^ 0x55;

describe('G.711 against the standard tables', () => {
  it('the tables are what G.711 prints: 128 intervals ending at 8159 (µ) and 4096 (A), top outputs 8031 and 4032', () => {
    expect(ULAW).toHaveLength(128);
    expect(ALAW).toHaveLength(128);
    expect(ULAW.slice(0, 3)).toEqual([{ lower: 0, output: 0 }, { lower: 1, output: 2 }, { lower: 3, output: 4 }]);
    expect(ULAW[16]).toEqual({ lower: 31, output: 33 });
    expect(ULAW[127]).toEqual({ lower: 7903, output: 8031 });
    expect(ALAW.slice(0, 2)).toEqual([{ lower: 0, output: 1 }, { lower: 2, output: 3 }]);
    expect(ALAW[16]).toEqual({ lower: 32, output: 33 });
    expect(ALAW[32]).toEqual({ lower: 64, output: 66 });
    expect(ALAW[127]).toEqual({ lower: 3968, output: 4032 });
  });

  it('µ-law encodes every 16-bit sample as the table does', () => {
    const wrong: number[] = [];
    for (let x = -32768; x <= 32767; x += 1) if (encodeUlaw(x) !== ulawOracle(x)) wrong.push(x);
    expect(wrong).toEqual([]);
  });

  it('A-law encodes every 16-bit sample as the table does', () => {
    const wrong: number[] = [];
    for (let x = -32768; x <= 32767; x += 1) if (encodeAlaw(x) !== alawOracle(x)) wrong.push(x);
    expect(wrong).toEqual([]);
  });

  it('every µ-law octet decodes to its decoder output value × 4, with its sign', () => {
    for (let n = 0; n < 128; n += 1) {
      const output = (ULAW[n]?.output ?? NaN) * 4;
      expect(decodeUlaw(0xff - n)).toBe(output);
      expect(decodeUlaw(0x7f - n) + 0).toBe(-output + 0);
    }
  });

  it('every A-law octet decodes to its decoder output value × 8, with its sign', () => {
    for (let n = 0; n < 128; n += 1) {
      const output = (ALAW[n]?.output ?? NaN) * 8;
      expect(decodeAlaw((0x80 | n) ^ 0x55)).toBe(output);
      expect(decodeAlaw(n ^ 0x55)).toBe(-output);
    }
  });
});

describe('G.711 reference values', () => {
  it('µ-law: 0xFF and 0x7F are ±0, 0x00/0x80 the peaks ∓32124, first steps ±8, segment 1 starts at 132', () => {
    expect([0xff, 0x7f, 0x00, 0x80, 0xfe, 0x7e, 0xf0, 0xef, 0x8f].map(decodeUlaw)).toEqual([0, 0, -32124, 32124, 8, -8, 120, 132, 16764]);
    expect([0, -1, -4, -5, 4, 124, 32635, 32767, -32768].map(encodeUlaw)).toEqual([0xff, 0x7f, 0x7f, 0x7e, 0xfe, 0xef, 0x80, 0x80, 0x00]);
  });

  it('A-law: 0xD5/0x55 are ±8 (no zero code), 0xAA/0x2A the peaks ±32256, segment 1 starts at 264', () => {
    expect([0xd5, 0x55, 0xd4, 0x54, 0xaa, 0x2a, 0xc5, 0x80].map(decodeAlaw)).toEqual([8, -8, 24, -24, 32256, -32256, 264, 5504]);
    expect([0, -1, 15, 16, -17, 32767, -32768].map(encodeAlaw)).toEqual([0xd5, 0x55, 0xd5, 0xd4, 0x54, 0xaa, 0x2a]);
  });
});
