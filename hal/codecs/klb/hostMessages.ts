import { ByteReader, ShortPayload } from './ByteReader.js';
import { ByteWriter } from './ByteWriter.js';
import { MsgType } from './constants.js';
import { KLB_CONFIG_FIELDS } from './KlbConfig.js';
import type { KlbConfig } from './KlbConfig.js';

/** Host → board messages (hardware.md §3.2), plus ACK, which both sides send. */
export type HostMessage =
  | { kind: 'hello'; minVer: number; maxVer: number; nonce: number; keepaliveMs: number }
  | ({ kind: 'config' } & KlbConfig)
  | { kind: 'hook'; off: boolean }
  | { kind: 'flash'; ms: number }
  | { kind: 'dial'; mode: 'dtmf' | 'pulse'; onMs: number; offMs: number; pauseMs: number; digits: string }
  | { kind: 'audioCtl'; rx: boolean; tx: boolean }
  | { kind: 'audio'; aseq: number; samples: Uint8Array }
  | { kind: 'ping'; nonce: number }
  | { kind: 'getStatus' }
  | { kind: 'reset'; what: 'channel' | 'board' }
  | { kind: 'ack'; ackSeq: number; status: number };

/** A decoded payload, or why not: `unknown` type (ACK status 1) or `badLength` (status 2). */
export type Decoded<M> = { ok: true; msg: M } | { ok: false; reason: 'unknown' | 'badLength' };

/** Type code and payload of a host message. Misuse (a value out of range) throws naming it. */
export function encodeHostMessage(m: HostMessage): { type: number; payload: Uint8Array } {
  const w = new ByteWriter();
  switch (m.kind) {
    case 'hello':
      return { type: MsgType.HELLO, payload: w.u8(m.minVer, 'minVer').u8(m.maxVer, 'maxVer').u32(m.nonce, 'nonce').u16(m.keepaliveMs, 'keepaliveMs').done() };
    case 'config':
      for (const [key, width] of KLB_CONFIG_FIELDS) w[width](m[key], key);
      return { type: MsgType.CONFIG, payload: w.done() };
    case 'hook':
      return { type: MsgType.HOOK, payload: w.u8(m.off ? 1 : 0, 'off').done() };
    case 'flash':
      return { type: MsgType.FLASH, payload: w.u16(m.ms, 'ms').done() };
    case 'dial':
      w.u8(m.mode === 'pulse' ? 1 : 0, 'mode').u16(m.onMs, 'onMs').u16(m.offMs, 'offMs').u16(m.pauseMs, 'pauseMs');
      return { type: MsgType.DIAL, payload: w.ascii(m.digits, 'digits').done() };
    case 'audioCtl':
      return { type: MsgType.AUDIO_CTL, payload: w.u8(m.rx ? 1 : 0, 'rx').u8(m.tx ? 1 : 0, 'tx').done() };
    case 'audio':
      return { type: MsgType.AUDIO, payload: w.u16(m.aseq, 'aseq').raw(m.samples).done() };
    case 'ping':
      return { type: MsgType.PING, payload: w.u32(m.nonce, 'nonce').done() };
    case 'getStatus':
      return { type: MsgType.GET_STATUS, payload: w.done() };
    case 'reset':
      return { type: MsgType.RESET, payload: w.u8(m.what === 'board' ? 1 : 0, 'what').done() };
    case 'ack':
      return { type: MsgType.ACK, payload: w.u16(m.ackSeq, 'ackSeq').u8(m.status, 'status').done() };
  }
}

/** Decodes a host message payload (the board side, and the fake board in tests). Never throws. */
export function decodeHostMessage(type: number, payload: Uint8Array): Decoded<HostMessage> {
  const r = new ByteReader(payload);
  try {
    const msg = read(type, r);
    return msg ? { ok: true, msg } : { ok: false, reason: 'unknown' };
  } catch (e) {
    if (e instanceof ShortPayload) return { ok: false, reason: 'badLength' };
    throw e;
  }
}

function read(type: number, r: ByteReader): HostMessage | null {
  switch (type) {
    case MsgType.HELLO:
      return { kind: 'hello', minVer: r.u8(), maxVer: r.u8(), nonce: r.u32(), keepaliveMs: r.u16() };
    case MsgType.CONFIG:
      // Fields in wire order (KLB_CONFIG_FIELDS); object literals evaluate left to right.
      return {
        kind: 'config', ringValidateMs: r.u16(), ringDebounceMs: r.u16(), polDebounceMs: r.u16(), loopDropMinMs: r.u16(),
        seizeGuardMs: r.u16(), battThreshV: r.u8(), battDebounceMs: r.u16(), lineReportMs: r.u16(), lineReportDeltaV: r.u8(),
        cidMode: r.u8(), cidLoad: r.u8(), daaProfile: r.u8(), law: r.u8(),
      };
    case MsgType.HOOK:
      return { kind: 'hook', off: r.u8() !== 0 };
    case MsgType.FLASH:
      return { kind: 'flash', ms: r.u16() };
    case MsgType.DIAL:
      return { kind: 'dial', mode: r.u8() === 1 ? 'pulse' : 'dtmf', onMs: r.u16(), offMs: r.u16(), pauseMs: r.u16(), digits: r.restAscii() };
    case MsgType.AUDIO_CTL:
      return { kind: 'audioCtl', rx: r.u8() !== 0, tx: r.u8() !== 0 };
    case MsgType.AUDIO:
      return { kind: 'audio', aseq: r.u16(), samples: r.rest() };
    case MsgType.PING:
      return { kind: 'ping', nonce: r.u32() };
    case MsgType.GET_STATUS:
      return { kind: 'getStatus' };
    case MsgType.RESET:
      return { kind: 'reset', what: r.u8() === 1 ? 'board' : 'channel' };
    case MsgType.ACK:
      return { kind: 'ack', ackSeq: r.u16(), status: r.u8() };
    default:
      return null;
  }
}
