import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBoardMessage, encodeBoardMessage } from './boardMessages.js';
import type { BoardMessage } from './boardMessages.js';
import { decodeHostMessage, encodeHostMessage } from './hostMessages.js';
import type { HostMessage } from './hostMessages.js';
import { MsgType } from './constants.js';

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i8 = fc.integer({ min: -128, max: 127 });
const text = fc.stringMatching(/^[ -~]{0,20}$/);

const hostArb: fc.Arbitrary<HostMessage> = fc.oneof(
  fc.record({ kind: fc.constant('hello' as const), minVer: u8, maxVer: u8, nonce: u32, keepaliveMs: u16 }),
  fc.record({ kind: fc.constant('config' as const), ringValidateMs: u16, ringDebounceMs: u16, polDebounceMs: u16, loopDropMinMs: u16, seizeGuardMs: u16,
    battThreshV: u8, battDebounceMs: u16, lineReportMs: u16, lineReportDeltaV: u8, cidMode: u8, cidLoad: u8, daaProfile: u8, law: u8 }),
  fc.record({ kind: fc.constant('hook' as const), off: fc.boolean() }),
  fc.record({ kind: fc.constant('flash' as const), ms: u16 }),
  fc.record({ kind: fc.constant('dial' as const), mode: fc.constantFrom('dtmf' as const, 'pulse' as const), onMs: u16, offMs: u16, pauseMs: u16, digits: text }),
  fc.record({ kind: fc.constant('audioCtl' as const), rx: fc.boolean(), tx: fc.boolean() }),
  fc.record({ kind: fc.constant('audio' as const), aseq: u16, samples: fc.uint8Array({ minLength: 160, maxLength: 160 }) }),
  fc.record({ kind: fc.constant('ping' as const), nonce: u32 }),
  fc.constant({ kind: 'getStatus' as const }),
  fc.record({ kind: fc.constant('reset' as const), what: fc.constantFrom('channel' as const, 'board' as const) }),
  fc.record({ kind: fc.constant('ack' as const), ackSeq: u16, status: u8 }),
);

const boardArb: fc.Arbitrary<BoardMessage> = fc.oneof(
  fc.record({ kind: fc.constant('info' as const), ver: u8, fw: fc.tuple(u8, u8, u8), hwRev: u8, channels: u8, caps: u32, bootId: u32, nonce: u32,
    resetCause: u8, maxPayload: u8, name: text }),
  fc.record({ kind: fc.constant('ring' as const), on: fc.boolean(), ms: u16 }),
  fc.record({ kind: fc.constant('polarity' as const), polarity: fc.constantFrom(1, -1), volts: i8 }),
  fc.record({ kind: fc.constant('loop' as const), event: fc.constantFrom('drop' as const, 'restore' as const), ms: u16, mA: u8 }),
  fc.record({ kind: fc.constant('line' as const), volts: i8, mA: u8, battery: fc.boolean() }),
  fc.record({ kind: fc.constant('cid' as const), standard: u8, status: u8, bytes: fc.uint8Array({ maxLength: 100 }) }),
  fc.record({ kind: fc.constant('dtmf' as const), digit: fc.constantFrom(...'0123456789*#ABCD'), ms: u16 }),
  fc.record({ kind: fc.constant('hookState' as const), off: fc.boolean(), cause: u8 }),
  fc.record({ kind: fc.constant('dialDone' as const), status: u8 }),
  fc.record({ kind: fc.constant('tone' as const), tone: u8, on: fc.boolean() }),
  fc.record({ kind: fc.constant('audio' as const), aseq: u16, samples: fc.uint8Array({ minLength: 160, maxLength: 160 }) }),
  fc.record({ kind: fc.constant('pong' as const), nonce: u32, bootId: u32 }),
  fc.record({ kind: fc.constant('status' as const), channels: fc.array(fc.record({ configured: fc.boolean(), off: fc.boolean(), volts: i8, mA: u8,
    battery: fc.boolean(), ringing: fc.boolean() }), { maxLength: 8 }), crcErrors: u16, overruns: u16, retransmits: u16 }),
  fc.record({ kind: fc.constant('log' as const), level: u8, text }),
  fc.record({ kind: fc.constant('error' as const), code: u8, refSeq: u16, detail: fc.uint8Array({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('ack' as const), ackSeq: u16, status: u8 }),
);

describe('KLB/1 messages', () => {
  it('property: host messages round-trip', () => {
    fc.assert(fc.property(hostArb, (m) => {
      const { type, payload } = encodeHostMessage(m);
      expect(decodeHostMessage(type, payload)).toEqual({ ok: true, msg: m });
    }));
  });

  it('property: board messages round-trip', () => {
    fc.assert(fc.property(boardArb, (m) => {
      const { type, payload } = encodeBoardMessage(m);
      expect(decodeBoardMessage(type, payload)).toEqual({ ok: true, msg: m });
    }));
  });

  it('property: decoding never throws on any type and payload', () => {
    fc.assert(fc.property(u8, fc.uint8Array({ maxLength: 240 }), (type, payload) => {
      decodeHostMessage(type, payload);
      decodeBoardMessage(type, payload);
    }));
  });

  it('HELLO and INFO lay out as the table says', () => {
    expect([...encodeHostMessage({ kind: 'hello', minVer: 1, maxVer: 1, nonce: 0x04030201, keepaliveMs: 3000 }).payload]).toEqual([1, 1, 1, 2, 3, 4, 0xb8, 0x0b]);
    const info = encodeBoardMessage({ kind: 'info', ver: 1, fw: [1, 2, 3], hwRev: 2, channels: 4, caps: 0x2ff, bootId: 7, nonce: 9, resetCause: 0, maxPayload: 240, name: 'KL4' });
    expect(info.type).toBe(MsgType.INFO);
    expect(info.payload.length).toBe(23);
  });

  it('short payloads are a bad length, unknown types are unknown, trailing bytes are ignored', () => {
    expect(decodeBoardMessage(MsgType.RING, Uint8Array.of(1))).toEqual({ ok: false, reason: 'badLength' });
    expect(decodeHostMessage(0x55, new Uint8Array())).toEqual({ ok: false, reason: 'unknown' });
    expect(decodeBoardMessage(MsgType.RING, Uint8Array.of(1, 0x10, 0, 99, 98))).toEqual({ ok: true, msg: { kind: 'ring', on: true, ms: 16 } });
  });

  it('misuse throws naming the field', () => {
    expect(() => encodeHostMessage({ kind: 'flash', ms: 70000 })).toThrow(/ms/);
    expect(() => encodeHostMessage({ kind: 'dial', mode: 'dtmf', onMs: 90, offMs: 90, pauseMs: 0, digits: '1\n' })).toThrow(/digits/);
  });
});
