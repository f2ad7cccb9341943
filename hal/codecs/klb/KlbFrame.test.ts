import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameArb } from '../../../test/fakes/mcu/frameArb.js';
import { FLAG_ACK_REQ, MsgType } from './constants.js';
import { crc16 } from './crc16.js';
import { decodeFrame, encodeFrame } from './KlbFrame.js';
import { toWire } from './toWire.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase().match(/../g)?.join(' ') ?? '';


describe('KLB/1 frame', () => {
  it('CRC-16/CCITT-FALSE check value: "123456789" gives 0x29B1', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('hardware.md test vector: HOOK off-hook, ch 0, seq 7, ACK_REQ, ts 0', () => {
    const frame = { ver: 1, type: MsgType.HOOK, seq: 7, flags: FLAG_ACK_REQ, ch: 0, ts: 0, payload: Uint8Array.of(1) };
    const bytes = encodeFrame(frame);
    expect(crc16(bytes, 0, bytes.length - 2)).toBe(0xa462);
    expect(hex(toWire(frame))).toBe('C0 01 03 07 00 01 00 00 00 00 00 01 62 A4 C0');
  });

  it('escapes END and ESC inside a frame', () => {
    const frame = { ver: 1, type: 0x82, seq: 0xc0db, flags: 0, ch: 0, ts: 0, payload: Uint8Array.of(0xc0, 0xdb) };
    const wire = toWire(frame);
    expect(wire.slice(1, -1).includes(0xc0)).toBe(false);
    expect(hex(wire.slice(3, 7))).toBe('DB DD DB DC');
  });

  it('rejects bad lengths and a flipped bit', () => {
    expect(decodeFrame(new Uint8Array(11))).toEqual({ ok: false, reason: 'length' });
    const bytes = encodeFrame({ ver: 1, type: 1, seq: 1, flags: 0, ch: 0, ts: 5, payload: Uint8Array.of(9) });
    bytes[3] = (bytes[3] ?? 0) ^ 0x10;
    expect(decodeFrame(bytes)).toEqual({ ok: false, reason: 'crc' });
  });

  it('misuse throws naming the field', () => {
    expect(() => encodeFrame({ ver: 1, type: 1, seq: 0x10000, flags: 0, ch: 0, ts: 0, payload: new Uint8Array() })).toThrow(/seq/);
    expect(() => encodeFrame({ ver: 1, type: 1, seq: 0, flags: 0, ch: 0, ts: 0, payload: new Uint8Array(241) })).toThrow(/payload/);
  });

  it('property: decode(encode(f)) = f', () => {
    fc.assert(fc.property(frameArb, (f) => {
      expect(decodeFrame(encodeFrame(f))).toEqual({ ok: true, frame: f });
    }));
  });

  it('property: any single bit flip is caught by the CRC', () => {
    fc.assert(fc.property(frameArb, fc.nat(), (f, n) => {
      const bytes = encodeFrame(f);
      const bit = n % (bytes.length * 8);
      bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(decodeFrame(bytes).ok).toBe(false);
    }));
  });
});
