import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, silence } from '../Frame.js';
import { decodeFrame } from './decodeFrame.js';
import { decodeSamples } from './decodeSamples.js';
import { encodeFrame } from './encodeFrame.js';
import { encodeSamples } from './encodeSamples.js';
import { encodeUlaw } from './encodeUlaw.js';
import { G711_LAWS } from './G711Law.js';

const frame = fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: FRAME_SAMPLES, maxLength: FRAME_SAMPLES }).map((xs) => Int16Array.from(xs));

describe('G.711 frames', () => {
  it('silence is 160 octets of 0xFF in PCMU and 0xD5 in PCMA', () => {
    expect(encodeFrame(silence(), 'PCMU')).toEqual(new Uint8Array(FRAME_SAMPLES).fill(0xff));
    expect(encodeFrame(silence(), 'PCMA')).toEqual(new Uint8Array(FRAME_SAMPLES).fill(0xd5));
    expect(decodeFrame(new Uint8Array(FRAME_SAMPLES).fill(0xff), 'PCMU')).toEqual(silence());
  });

  it.each(G711_LAWS)('%s: a frame is coded sample by sample, and a decoded frame survives another pass unchanged', (law) => {
    fc.assert(fc.property(frame, (samples) => {
      const octets = encodeFrame(samples, law);
      expect(Array.from(octets)).toEqual(Array.from(samples, (x) => encodeSamples(Int16Array.of(x), law)[0]));
      const decoded = decodeFrame(octets, law);
      expect(decoded).toHaveLength(FRAME_SAMPLES);
      expect(decodeFrame(encodeFrame(decoded, law), law)).toEqual(decoded);
    }), { numRuns: 200 });
  });

  it('codes in place inside a packet buffer: encode at an offset, decode from one', () => {
    const samples = Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => (i - 80) * 300);
    const packet = new Uint8Array(12 + FRAME_SAMPLES + 4).fill(0xaa);
    expect(encodeFrame(samples, 'PCMA', packet, 12)).toBe(packet);
    expect(Array.from(packet.subarray(12, 12 + FRAME_SAMPLES))).toEqual(Array.from(encodeFrame(samples, 'PCMA')));
    expect(packet[11]).toBe(0xaa);
    expect(packet[12 + FRAME_SAMPLES]).toBe(0xaa); // nothing written past the payload
    expect(decodeFrame(packet, 'PCMA', undefined, 12)).toEqual(decodeFrame(encodeFrame(samples, 'PCMA'), 'PCMA'));
    expect(() => encodeFrame(samples, 'PCMU', packet, 21)).toThrow(/out must hold 160 octets from 21, got 176/);
    expect(() => decodeFrame(packet, 'PCMU', undefined, 17)).toThrow(/octets must hold 160 octets from 17, got 176/);
    expect(() => decodeSamples(packet, 'PCMU', new Int16Array(4), -1)).toThrow(RangeError);
  });

  it('writes into a given buffer, such as the payload view of a packet, and returns it', () => {
    const packet = new Uint8Array(12 + FRAME_SAMPLES);
    const samples = silence().fill(1000);
    const out = encodeFrame(samples, 'PCMU', packet.subarray(12));
    expect(out.buffer).toBe(packet.buffer);
    expect(packet[12]).toBe(encodeUlaw(1000));
    expect(packet[11]).toBe(0);
    const back = silence();
    expect(decodeFrame(out, 'PCMU', back)).toBe(back);
  });

  it('any length for samples; frames are exactly 20 ms; a wrong out buffer is misuse', () => {
    expect(decodeSamples(encodeSamples(Int16Array.of(0, 8, -8), 'PCMA'), 'PCMA')).toEqual(Int16Array.of(8, 8, -8));
    expect(() => encodeFrame(new Int16Array(240), 'PCMU')).toThrow(/frame must hold 160 samples, got 240/);
    expect(() => decodeFrame(new Uint8Array(80), 'PCMA')).toThrow(/bytes must hold 160 octets \(20 ms\), got 80/);
    expect(() => encodeSamples(new Int16Array(4), 'PCMU', new Uint8Array(3))).toThrow(RangeError);
    expect(() => decodeSamples(new Uint8Array(4), 'PCMU', new Int16Array(5))).toThrow(RangeError);
  });
});
