import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRtcpReport } from './buildRtcpReport.js';
import { parseRtcp } from './parseRtcp.js';
import type { ReportBlock, RtcpPacket } from './RtcpPacket.js';
import { RtpError } from './RtpError.js';
import { serializeRtcp } from './serializeRtcp.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const block: ReportBlock = { ssrc: 0xaabbccdd, fractionLost: 64, cumulativeLost: -2, extendedHighestSequence: 0x00011000, jitter: 35, lastSenderReport: 0x12345678, delaySinceLastSenderReport: 0x00018000 };

describe('RTCP (RFC 3550 §6.4-6.6)', () => {
  it('writes an SR with one report block as §6.4.1 lays it out', () => {
    const bytes = serializeRtcp([{ type: 'sr', ssrc: 1, ntp: { seconds: 0xe0000000, fraction: 0x80000000 }, rtpTimestamp: 160, packetCount: 3, octetCount: 480, reports: [block] }]);
    expect(toHex(bytes)).toBe(
      '81c8000c' + '00000001' + 'e0000000' + '80000000' + '000000a0' + '00000003' + '000001e0'
      + 'aabbccdd' + '40fffffe' + '00011000' + '00000023' + '12345678' + '00018000',
    );
  });

  it('writes an RR, SDES CNAME padded to 32 bits, and BYE with a reason', () => {
    const bytes = serializeRtcp([
      { type: 'rr', ssrc: 2, reports: [] },
      { type: 'sdes', chunks: [{ ssrc: 2, items: [{ type: 1, text: 'ab' }] }] },
      { type: 'bye', ssrcs: [2], reason: 'x' },
    ]);
    expect(toHex(bytes)).toBe('80c90001' + '00000002' + '81ca0003' + '00000002' + '01026162' + '00000000' + '81cb0002' + '00000002' + '01780000');
  });

  it('round-trips every kind in one compound', () => {
    const packets: RtcpPacket[] = [
      { type: 'sr', ssrc: 9, ntp: { seconds: 1, fraction: 2 }, rtpTimestamp: 3, packetCount: 4, octetCount: 5, reports: [block, { ...block, ssrc: 7, cumulativeLost: 0x7fffff }] },
      { type: 'rr', ssrc: 9, reports: [{ ...block, cumulativeLost: -0x800000 }] },
      { type: 'sdes', chunks: [{ ssrc: 9, items: [{ type: 1, text: 'keyline@192.0.2.7' }, { type: 6, text: 'tool' }] }, { ssrc: 10, items: [] }] },
      { type: 'bye', ssrcs: [9, 10] },
      { type: 'bye', ssrcs: [], reason: 'hang-up' },
      { type: 'other', packetType: 204, count: 3, body: hex('00000009 6b657973') },
    ];
    expect(parseRtcp(serializeRtcp(packets))).toEqual(packets);
  });

  it('accepts padding on a packet and skips SR profile extensions', () => {
    // RR with no blocks, P set: 4 octets of padding counted in the length.
    expect(parseRtcp(hex('a0c90002 00000005 00000004'))).toEqual([{ type: 'rr', ssrc: 5, reports: [] }]);
    const sr = hex('80c80007 00000001 00000002 00000003 00000004 00000005 00000006 cafebabe');
    expect(parseRtcp(sr)).toMatchObject([{ type: 'sr', ssrc: 1, octetCount: 6, reports: [] }]);
  });

  it('refuses broken compounds with RtpError codes', () => {
    const cases: [string, string][] = [
      ['truncated', ''],
      ['truncated', '80c9'],
      ['bad-version', '00c90001 00000001'],
      ['truncated', '80c90002 00000001'],
      ['bad-padding', 'a0c90001 00000000'],
      ['malformed', '81c90001 00000001'], // one block announced, none present
      ['malformed', '81ca0001 00000001'], // SDES chunk with no end item
      ['malformed', '81ca0002 00000001 01090000'], // SDES item runs past the packet
      ['malformed', '82cb0001 00000001'], // BYE of 2 sources, 1 present
      ['malformed', '81cb0002 00000001 09000000'], // reason runs past
    ];
    for (const [code, h] of cases) expect(() => parseRtcp(hex(h)), h).toThrow(expect.objectContaining({ name: 'RtpError', code }));
  });

  it('never throws anything but RtpError on random bytes (fast-check)', () => {
    const rtcpish = fc.uint8Array({ maxLength: 80 }).map((b) => { if (b.length > 0) b[0] = 0x80 | ((b[0] ?? 0) & 0x3f); return b; });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), rtcpish), (bytes) => {
      try {
        parseRtcp(bytes);
      } catch (err) {
        return err instanceof RtpError;
      }
      return true;
    }), { numRuns: 3000 });
  });

  it('refuses unwritable fields as misuse', () => {
    expect(() => serializeRtcp([{ type: 'rr', ssrc: 1, reports: [{ ...block, cumulativeLost: 0x800000 }] }])).toThrow(/cumulativeLost/);
    expect(() => serializeRtcp([{ type: 'rr', ssrc: 1, reports: [{ ...block, fractionLost: 256 }] }])).toThrow(/fractionLost/);
    expect(() => serializeRtcp([{ type: 'rr', ssrc: 1, reports: new Array<ReportBlock>(32).fill(block) }])).toThrow(/at most 31/);
    expect(() => serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'x'.repeat(256) }] }] }])).toThrow(/255 UTF-8 octets/);
    expect(() => serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 0, text: '' }] }] }])).toThrow(/0 ends the chunk/);
    expect(() => serializeRtcp([{ type: 'other', packetType: 204, count: 0, body: new Uint8Array(3) }])).toThrow(/32-bit words/);
  });
});

describe('buildRtcpReport', () => {
  it('an RR with no blocks and SDES CNAME when there is nothing to report', () => {
    const packets = parseRtcp(buildRtcpReport({ ssrc: 3, cname: 'keyline@h', reports: [] }));
    expect(packets).toEqual([{ type: 'rr', ssrc: 3, reports: [] }, { type: 'sdes', chunks: [{ ssrc: 3, items: [{ type: 1, text: 'keyline@h' }] }] }]);
  });

  it('an SR when sending, counts wrapped at 2^32, and BYE last when leaving', () => {
    const packets = parseRtcp(buildRtcpReport({
      ssrc: 3, cname: 'c', reports: [block], bye: { reason: 'bye' },
      sender: { ntp: { seconds: 5, fraction: 6 }, rtpTimestamp: 7, packetCount: 0x1_0000_0002, octetCount: 9 },
    }));
    expect(packets.map((p) => p.type)).toEqual(['sr', 'sdes', 'bye']);
    expect(packets[0]).toMatchObject({ packetCount: 2, octetCount: 9, reports: [block] });
    expect(packets[2]).toEqual({ type: 'bye', ssrcs: [3], reason: 'bye' });
  });

  it('writes octet for octet what serializeRtcp writes for the same SR or RR and SDES (property)', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    const blockArb = fc.record({
      ssrc: u32, fractionLost: fc.integer({ min: 0, max: 255 }), cumulativeLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
      extendedHighestSequence: u32, jitter: u32, lastSenderReport: u32, delaySinceLastSenderReport: u32,
    });
    const senderArb = fc.record({ ntp: fc.record({ seconds: u32, fraction: u32 }), rtpTimestamp: u32, packetCount: fc.integer({ min: 0, max: 2 ** 40 }), octetCount: fc.integer({ min: 0, max: 2 ** 40 }) });
    fc.assert(fc.property(u32, fc.string({ minLength: 1, maxLength: 60, unit: 'binary' }), fc.option(senderArb, { nil: undefined }), fc.array(blockArb, { maxLength: 31 }), (ssrc, cname, sender, reports) => {
      fc.pre(new TextEncoder().encode(cname).length <= 255);
      const wrap = (n: number): number => n % 0x1_0000_0000;
      const expected = serializeRtcp([
        sender === undefined ? { type: 'rr', ssrc, reports } : { type: 'sr', ssrc, ...sender, packetCount: wrap(sender.packetCount), octetCount: wrap(sender.octetCount), reports },
        { type: 'sdes', chunks: [{ ssrc, items: [{ type: 1, text: cname }] }] },
      ]);
      expect(toHex(buildRtcpReport({ ssrc, cname, reports, ...(sender === undefined ? {} : { sender }) }))).toBe(toHex(expected));
    }), { numRuns: 300 });
  });

  it('refuses what does not fit on the wire, naming it', () => {
    expect(() => buildRtcpReport({ ssrc: 2 ** 32, cname: 'c', reports: [] })).toThrow(/ssrc must be an integer/);
    expect(() => buildRtcpReport({ ssrc: 1, cname: 'x'.repeat(256), reports: [] })).toThrow(/cname must be at most 255/);
    expect(() => buildRtcpReport({ ssrc: 1, cname: 'c', reports: Array.from({ length: 32 }, () => block) })).toThrow(/at most 31/);
    expect(() => buildRtcpReport({ ssrc: 1, cname: 'c', reports: [{ ...block, fractionLost: 256 }] })).toThrow(/fractionLost/);
  });
});
