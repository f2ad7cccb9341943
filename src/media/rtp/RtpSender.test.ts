import { describe, expect, it } from 'vitest';
import { RtpSender } from './RtpSender.js';
import { parseRtpPacket } from './parseRtpPacket.js';
import type { RtpPacket } from './RtpPacket.js';
import { serializeRtpPacket } from './serializeRtpPacket.js';

/** A scripted random source: the values in order, then repeating the last. */
const script = (...values: number[]): (() => number) => {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
};

/** This tick's audio packet from `s`, as the peer reads it off the wire. */
const audio = (s: RtpSender, payload: Uint8Array): RtpPacket => {
  const packet = new Uint8Array(12 + payload.length);
  packet.set(payload, 12);
  s.audioInto(packet);
  return parseRtpPacket(packet);
};

describe('RtpSender (RFC 3550 §5.1, RFC 3551 §4.1)', () => {
  it('starts from random SSRC, sequence and timestamp; stamps each tick, advancing 160 samples', () => {
    const s = new RtpSender({ payloadType: 8, random: script(0xcafe0001, 0x1fffe, 0xfffffe00) });
    expect([s.ssrc, s.sequence, s.timestamp]).toEqual([0xcafe0001, 0xfffe, 0xfffffe00]);
    const a = audio(s, new Uint8Array(160));
    const b = audio(s, new Uint8Array(160));
    const c = audio(s, new Uint8Array(160));
    expect([a, b, c].map((p) => [p.sequence, p.timestamp, p.marker, p.payloadType])).toEqual([
      [0xfffe, 0xfffffe00, true, 8], [0xffff, 0xfffffea0, false, 8], [0, 0xffffff40, false, 8],
    ]);
    audio(s, new Uint8Array(160));
    expect(s.timestamp).toBe(0x80); // wrapped
    expect(s.counts).toEqual({ packets: 4, octets: 640 });
  });

  it('silent ticks move the clock, not the sequence; the next audio starts a talkspurt', () => {
    const s = new RtpSender({ payloadType: 0, random: script(1, 100, 1000) });
    audio(s, new Uint8Array(160));
    s.silence();
    s.silence();
    const p = audio(s, new Uint8Array(160));
    expect([p.sequence, p.timestamp, p.marker]).toEqual([101, 1000 + 3 * 160, true]);
  });

  it('audioInto writes a header that reads back and re-serialises to the same bytes, across talkspurts and a sequence/timestamp wrap', () => {
    const a = new RtpSender({ payloadType: 8, random: script(0xcafe0001, 0x1fffe, 0xfffffe00) });
    const b = new RtpSender({ payloadType: 8, random: script(0xcafe0001, 0x1fffe, 0xfffffe00) });
    for (let tick = 0; tick < 6; tick += 1) {
      if (tick === 3) {
        a.silence();
        b.silence();
        continue;
      }
      const payload = new Uint8Array(160).fill(tick + 1);
      const expected = serializeRtpPacket(audio(a, payload));
      const packet = new Uint8Array(12 + 160);
      packet.set(payload, 12);
      b.audioInto(packet);
      expect(Array.from(packet)).toEqual(Array.from(expected));
    }
    expect(b.counts).toEqual(a.counts);
    expect([b.sequence, b.timestamp]).toEqual([a.sequence, a.timestamp]);
    expect(() => b.audioInto(new Uint8Array(11))).toThrow(/packet must hold at least 12/);
  });

  it('events share the sequence space and take the timestamp given', () => {
    const s = new RtpSender({ payloadType: 0, random: script(1, 10, 5000) });
    const e = s.event(101, Uint8Array.of(1, 0, 0, 160), 4840, true);
    expect([e.payloadType, e.sequence, e.timestamp, e.marker]).toEqual([101, 10, 4840, true]);
    expect(audio(s, new Uint8Array(160)).sequence).toBe(11);
    expect(s.counts.packets).toBe(2);
  });

  it('changeSsrc draws a different SSRC, new sequence and timestamp, and resets the counts', () => {
    const s = new RtpSender({ payloadType: 0, random: script(7, 1, 2, 7, 3, 4, 9) });
    audio(s, new Uint8Array(160));
    expect(s.changeSsrc()).toBe(9);
    expect([s.sequence, s.timestamp, s.counts.packets]).toEqual([3, 4, 0]);
    expect(audio(s, new Uint8Array(160)).marker).toBe(true);
  });

  it('a new payload type applies to later audio, on the same SSRC and sequence', () => {
    const s = new RtpSender({ payloadType: 0, random: script(1, 100, 1000) });
    audio(s, new Uint8Array(160));
    s.setPayloadType(8);
    const p = audio(s, new Uint8Array(160));
    expect([p.payloadType, p.ssrc, p.sequence]).toEqual([8, 1, 101]);
    expect(() => s.setPayloadType(200)).toThrow(/payloadType/);
  });

  it('refuses bad arguments', () => {
    expect(() => new RtpSender({ payloadType: 128 })).toThrow(/payloadType/);
    const s = new RtpSender({ payloadType: 0 });
    expect(() => s.silence(0)).toThrow(/samples/);
    expect(() => s.event(101, new Uint8Array(4), -1, false)).toThrow(/timestamp/);
  });
});
