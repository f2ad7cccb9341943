import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTelephoneEvent, digitToEvent, encodeTelephoneEvent, eventToDigit } from './Rfc4733Event.js';
import type { TelephoneEvent } from './Rfc4733Event.js';
import { Rfc4733Receiver } from './Rfc4733Receiver.js';
import type { Rfc4733Packet } from './Rfc4733Receiver.js';
import { Rfc4733Sender } from './Rfc4733Sender.js';
import type { Rfc4733Step } from './Rfc4733Sender.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('RFC 4733 telephone-event payload', () => {
  it('encodes event, E bit, volume and duration as §2.3 lays them out', () => {
    expect(toHex(encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 }))).toBe('0b8a0320');
    expect(toHex(encodeTelephoneEvent({ event: 1, end: false, volume: 63, duration: 0xffff }))).toBe('013fffff');
  });

  it('decodes what it encodes, ignoring the R bit and extra blocks; refuses fewer than 4 octets', () => {
    fc.assert(fc.property(fc.record({ event: fc.integer({ min: 0, max: 255 }), end: fc.boolean(), volume: fc.integer({ min: 0, max: 63 }), duration: fc.integer({ min: 0, max: 0xffff }) }), (e: TelephoneEvent) => {
      expect(decodeTelephoneEvent(encodeTelephoneEvent(e))).toEqual(e);
    }));
    expect(decodeTelephoneEvent(Uint8Array.of(5, 0xca, 0, 160, 9, 9, 9, 9))).toEqual({ event: 5, end: true, volume: 10, duration: 160 });
    expect(() => decodeTelephoneEvent(Uint8Array.of(1, 2, 3))).toThrow(expect.objectContaining({ name: 'RtpError', code: 'truncated' }));
    expect(() => encodeTelephoneEvent({ event: 1, end: false, volume: 64, duration: 0 })).toThrow(/volume/);
  });

  it('maps the 16 DTMF digits to codes 0-15 and back', () => {
    expect([...'0123456789*#ABCD'].map(digitToEvent)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(digitToEvent('d')).toBe(15);
    expect(eventToDigit(10)).toBe('*');
    expect(eventToDigit(16)).toBeUndefined();
    expect(() => digitToEvent('E')).toThrow(/digit/);
    expect(() => digitToEvent('12')).toThrow(/digit/);
  });
});

/** Runs a sender for `ticks` ticks from RTP timestamp ts0; the packets it emits, null for audio ticks. */
function sendTicks(sender: Rfc4733Sender, ticks: number, ts0 = 1000): (Rfc4733Step | null)[] {
  return Array.from({ length: ticks }, (_, i) => sender.tick((ts0 + i * 160) >>> 0));
}

describe('Rfc4733Sender', () => {
  it('a digit is marker first, the same timestamp, growing duration, then three end packets', () => {
    const s = new Rfc4733Sender();
    s.send('5');
    expect(s.busy).toBe(true);
    const steps = sendTicks(s, 9);
    const shape = steps.map((p) => (p === null ? null : { ...decodeTelephoneEvent(p.payload), marker: p.marker, ts: p.timestamp }));
    expect(shape).toEqual([
      { event: 5, end: false, volume: 10, duration: 160, marker: true, ts: 1000 },
      { event: 5, end: false, volume: 10, duration: 320, marker: false, ts: 1000 },
      { event: 5, end: false, volume: 10, duration: 480, marker: false, ts: 1000 },
      { event: 5, end: false, volume: 10, duration: 640, marker: false, ts: 1000 },
      { event: 5, end: true, volume: 10, duration: 800, marker: false, ts: 1000 },
      { event: 5, end: true, volume: 10, duration: 800, marker: false, ts: 1000 },
      { event: 5, end: true, volume: 10, duration: 800, marker: false, ts: 1000 },
      null, null,
    ]);
    expect(s.busy).toBe(false);
  });

  it('queued digits follow one another with a gap of audio, each with its own timestamp', () => {
    const s = new Rfc4733Sender({ durationMs: 40, gapMs: 40 });
    s.send('1');
    s.send('#');
    const steps = sendTicks(s, 12, 0xffffff00);
    expect(steps.map((p) => (p === null ? '.' : p.end ? 'E' : p.marker ? 'M' : 'u')).join('')).toBe('MEEE..MEEE..');
    expect(steps[6]?.timestamp).toBe((0xffffff00 + 6 * 160) >>> 0);
    expect(decodeTelephoneEvent(steps[6]?.payload ?? new Uint8Array(4)).event).toBe(11);
  });

  it('clear drops what is playing and queued; a bad digit is misuse', () => {
    const s = new Rfc4733Sender();
    s.send('1');
    s.tick(0);
    s.clear();
    expect(s.busy).toBe(false);
    expect(s.tick(160)).toBeNull();
    expect(() => s.send('x')).toThrow(/digit/);
    expect(() => new Rfc4733Sender({ volume: 99 })).toThrow(/volume/);
  });
});

describe('Rfc4733Receiver', () => {
  const packetsOf = (steps: (Rfc4733Step | null)[], ssrc = 7): Rfc4733Packet[] =>
    steps.filter((p): p is Rfc4733Step => p !== null).map((p) => ({ ssrc, timestamp: p.timestamp, payload: p.payload }));

  it('one digit per press from start, updates, three ends and duplicates', () => {
    const s = new Rfc4733Sender();
    s.send('1');
    s.send('1');
    s.send('9');
    const packets = packetsOf(sendTicks(s, 40));
    const r = new Rfc4733Receiver();
    const got = [...packets, ...packets.slice(0, 3)].map((p) => r.receive(p)).filter((d) => d !== null).map((d) => d.digit);
    expect(got).toEqual(['1', '1', '9']);
  });

  it('exactly one digit per press whatever subset of its packets survives, in any order within the press (fast-check)', () => {
    const s = new Rfc4733Sender();
    for (const d of '123') s.send(d);
    const packets = packetsOf(sendTicks(s, 40));
    const byPress = [0, 1, 2].map((i) => packets.slice(i * 7, i * 7 + 7));
    const survivors = fc.array(fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }), { minLength: 3, maxLength: 3 });
    fc.assert(fc.property(survivors, fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }), (keep, dups) => {
      const r = new Rfc4733Receiver();
      const sequence = byPress.flatMap((press, i) => {
        const kept = (keep[i] ?? []).map((k) => press[k]).filter((p): p is Rfc4733Packet => p !== undefined);
        return [...kept.reverse(), ...dups.map((d) => press[d]).filter((p): p is Rfc4733Packet => p !== undefined)];
      });
      const digits = sequence.map((p) => r.receive(p)).filter((d) => d !== null).map((d) => d.digit);
      expect(digits.join('')).toBe('123');
    }));
  });

  it('ignores a straggler of an earlier press, non-digit events and unreadable payloads; a new SSRC starts afresh', () => {
    const r = new Rfc4733Receiver();
    const p = (ts: number, event: number, end = false, ssrc = 1): Rfc4733Packet => ({ ssrc, timestamp: ts, payload: encodeTelephoneEvent({ event, end, volume: 10, duration: 160 }) });
    expect(r.receive(p(1000, 4))?.digit).toBe('4');
    expect(r.receive(p(5000, 6))).toEqual({ digit: '6', timestamp: 5000 });
    expect(r.receive(p(3000, 5))).toBeNull(); // older than the newest press
    expect(r.receive(p(9000, 16))).toBeNull(); // flash
    expect(r.receive({ ssrc: 1, timestamp: 9500, payload: Uint8Array.of(1) })).toBeNull();
    expect(r.malformed).toBe(1);
    expect(r.receive(p(1000, 4, false, 2))?.digit).toBe('4'); // new source: the same timestamp is a new press
  });

  it('a new press across the timestamp wrap is new; the next segment of a long event is not', () => {
    const r = new Rfc4733Receiver();
    const p = (ts: number, event: number, duration: number, end = false): Rfc4733Packet => ({ ssrc: 1, timestamp: ts, payload: encodeTelephoneEvent({ event, end, volume: 10, duration }) });
    expect(r.receive(p(0xffffff00, 2, 160))?.digit).toBe('2');
    expect(r.receive(p(0xffffff00, 2, 800, true))).toBeNull();
    expect(r.receive(p(0x00000100, 2, 160))?.digit).toBe('2');
    expect(r.receive(p(0x00000100, 2, 0xffff))).toBeNull();
    expect(r.receive(p(0x00010100 - 1, 2, 160))).toBeNull(); // continuation segment
    r.reset();
    expect(r.receive(p(0x00000100, 2, 160))?.digit).toBe('2');
  });
});
