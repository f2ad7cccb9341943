import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KlbDecoder } from './KlbDecoder.js';
import type { KlbFrame } from './KlbFrame.js';
import { frameArb } from '../../../test/fakes/mcu/frameArb.js';
import { toWire } from './toWire.js';

const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

/** Feeds `bytes` in pieces at the given cut points. */
function feed(dec: KlbDecoder, bytes: Uint8Array, cuts: number[]): KlbFrame[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: KlbFrame[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...dec.push(bytes.subarray(from, p)));
    from = p;
  }
  return out;
}

describe('KlbDecoder', () => {
  const f1: KlbFrame = { ver: 1, type: 0x82, seq: 1, flags: 1, ch: 0, ts: 100, payload: Uint8Array.of(1, 0, 0) };
  const f2: KlbFrame = { ver: 1, type: 0x82, seq: 2, flags: 1, ch: 0, ts: 500, payload: Uint8Array.of(0, 0xf4, 1) };

  it('drops and counts a CRC error, then decodes the next frame', () => {
    const bad = toWire(f1);
    bad[5] = (bad[5] ?? 0) ^ 0x01;
    const dec = new KlbDecoder();
    expect(dec.push(concat([bad, toWire(f2)]))).toEqual([f2]);
    expect(dec.stats).toEqual({ frames: 1, crcErrors: 1, lengthErrors: 0, escapeErrors: 0 });
  });

  it('resynchronises after garbage, a bad escape and an over-long run', () => {
    const dec = new KlbDecoder();
    const garbage = Uint8Array.from({ length: 600 }, (_, i) => (i * 37) & 0x7f);
    const badEscape = Uint8Array.of(0xc0, 1, 0xdb, 0x01, 2, 0xc0);
    expect(dec.push(concat([garbage, badEscape, toWire(f1)]))).toEqual([f1]);
    expect(dec.stats.escapeErrors).toBe(1);
    expect(dec.stats.lengthErrors).toBe(1);
    expect(dec.dropped).toBe(2);
  });

  it('property: frames survive any chunking, with garbage between them', () => {
    fc.assert(fc.property(fc.array(frameArb, { maxLength: 6 }), fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }),
      (frames, noise, cuts) => {
        const parts: Uint8Array[] = [];
        frames.forEach((f, i) => parts.push(noise[i] ?? new Uint8Array(), toWire(f)));
        const dec = new KlbDecoder();
        expect(feed(dec, concat(parts), cuts)).toEqual(frames);
      }));
  });

  it('property: never throws on random bytes, and recovers for the next frame', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), frameArb, (junk, f) => {
      const dec = new KlbDecoder();
      dec.push(junk);
      const got = dec.push(toWire(f));
      expect(got[got.length - 1]).toEqual(f);
    }));
  });
});
