import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRtpPacket } from './parseRtpPacket.js';
import { readRtpHeader, rtpHeaderView } from './readRtpHeader.js';
import { RtpError } from './RtpError.js';
import type { RtpPacket } from './RtpPacket.js';
import { serializeRtpPacket } from './serializeRtpPacket.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (b) => parseInt(b, 16));

const base: RtpPacket = { marker: true, payloadType: 0, sequence: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304, csrc: [], padding: 0, payload: Uint8Array.of(0xff, 0xfe) };

describe('RTP packets (RFC 3550 §5.1)', () => {
  it('writes the fixed header bit for bit', () => {
    expect(serializeRtpPacket(base)).toEqual(hex('80 80 1234 deadbeef 01020304 fffe'));
    expect(serializeRtpPacket({ ...base, marker: false, payloadType: 101 })).toEqual(hex('80 65 1234 deadbeef 01020304 fffe'));
  });

  it('writes and reads CSRCs, a header extension and padding', () => {
    const packet: RtpPacket = { ...base, csrc: [7, 0xffffffff], extension: { profile: 0xbede, data: hex('10ab0000') }, padding: 4 };
    const bytes = serializeRtpPacket(packet);
    expect(bytes).toEqual(hex('b2 80 1234 deadbeef 01020304 00000007 ffffffff bede0001 10ab0000 fffe 000000 04'));
    expect(parseRtpPacket(bytes)).toEqual(packet);
  });

  it('reads a packet inside a larger buffer, the payload as a view', () => {
    const outer = new Uint8Array(40);
    outer.set(serializeRtpPacket(base), 10);
    const view = outer.subarray(10, 10 + 14);
    const parsed = parseRtpPacket(view);
    expect(parsed).toEqual(base);
    expect(parsed.payload.buffer).toBe(outer.buffer);
  });

  it('reads a header in place into one reused view: where the payload lies, nothing made', () => {
    const view = rtpHeaderView();
    const first = serializeRtpPacket({ ...base, csrc: [7], extension: { profile: 0xbede, data: hex('10ab0000') }, padding: 4 });
    expect(readRtpHeader(first, view)).toBe(view);
    expect(view).toEqual({ marker: true, payloadType: 0, sequence: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304, csrcCount: 1, extensionAt: 16, padding: 4, payloadStart: 24, payloadEnd: 26 });
    expect(Array.from(first.subarray(view.payloadStart, view.payloadEnd))).toEqual([0xff, 0xfe]);
    readRtpHeader(serializeRtpPacket({ ...base, marker: false, payloadType: 8, sequence: 1 }), view);
    expect(view).toEqual({ marker: false, payloadType: 8, sequence: 1, timestamp: 0xdeadbeef, ssrc: 0x01020304, csrcCount: 0, extensionAt: -1, padding: 0, payloadStart: 12, payloadEnd: 14 });
  });

  it('refuses what is not RTP with RtpError codes', () => {
    const cases: [string, Uint8Array][] = [
      ['truncated', hex('80 00 0001 00000000 000000')],
      ['bad-version', hex('40 00 0001 00000000 00000001')],
      ['truncated', hex('82 00 0001 00000000 00000001 00000001')], // 2 CSRCs announced, 1 present
      ['truncated', hex('90 00 0001 00000000 00000001 bede00')],
      ['truncated', hex('90 00 0001 00000000 00000001 bede0002 00000000')],
      ['bad-padding', hex('a0 00 0001 00000000 00000001 ff 00')],
      ['bad-padding', hex('a0 00 0001 00000000 00000001 ff 03')],
    ];
    for (const [code, bytes] of cases) expect(() => parseRtpPacket(bytes), code).toThrow(expect.objectContaining({ name: 'RtpError', code }));
  });

  it('never throws anything but RtpError on random bytes (fast-check)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        parseRtpPacket(bytes);
      } catch (err) {
        return err instanceof RtpError;
      }
      return true;
    }), { numRuns: 2000 });
  });

  it('round-trips any valid packet (fast-check)', () => {
    const packet = fc.record({
      marker: fc.boolean(),
      payloadType: fc.integer({ min: 0, max: 127 }),
      sequence: fc.integer({ min: 0, max: 0xffff }),
      timestamp: fc.integer({ min: 0, max: 0xffffffff }),
      ssrc: fc.integer({ min: 0, max: 0xffffffff }),
      csrc: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
      padding: fc.integer({ min: 0, max: 255 }),
      payload: fc.uint8Array({ maxLength: 200 }),
    });
    fc.assert(fc.property(packet, (p) => {
      expect(parseRtpPacket(serializeRtpPacket(p))).toEqual(p);
    }), { numRuns: 300 });
  });

  it('refuses out-of-range fields as misuse, naming them', () => {
    expect(() => serializeRtpPacket({ ...base, payloadType: 128 })).toThrow(/payloadType/);
    expect(() => serializeRtpPacket({ ...base, sequence: 0x10000 })).toThrow(/sequence/);
    expect(() => serializeRtpPacket({ ...base, timestamp: -1 })).toThrow(/timestamp/);
    expect(() => serializeRtpPacket({ ...base, csrc: new Array<number>(16).fill(1) })).toThrow(/csrc/);
    expect(() => serializeRtpPacket({ ...base, extension: { profile: 1, data: new Uint8Array(3) } })).toThrow(/extension.data/);
  });
});
