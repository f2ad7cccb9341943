import { ByteReader, ShortPayload } from './ByteReader.js';
import { ByteWriter } from './ByteWriter.js';
import { MsgType } from './constants.js';
import type { Decoded } from './hostMessages.js';

export interface KlbInfo {
  /** Chosen version; 0: no common version. */
  ver: number;
  fw: [number, number, number];
  hwRev: number;
  channels: number;
  caps: number;
  bootId: number;
  /** The HELLO's nonce, 0 when sent unsolicited (after a reboot). */
  nonce: number;
  resetCause: number;
  maxPayload: number;
  name: string;
}

export interface KlbChannelStatus {
  configured: boolean;
  off: boolean;
  volts: number;
  mA: number;
  battery: boolean;
  ringing: boolean;
}

/** Board → host messages (hardware.md §3.2), plus ACK, which both sides send. */
export type BoardMessage =
  | ({ kind: 'info' } & KlbInfo)
  | { kind: 'ring'; on: boolean; ms: number }
  | { kind: 'polarity'; polarity: number; volts: number }
  | { kind: 'loop'; event: 'drop' | 'restore'; ms: number; mA: number }
  | { kind: 'line'; volts: number; mA: number; battery: boolean }
  | { kind: 'cid'; standard: number; status: number; bytes: Uint8Array }
  | { kind: 'dtmf'; digit: string; ms: number }
  | { kind: 'hookState'; off: boolean; cause: number }
  | { kind: 'dialDone'; status: number }
  | { kind: 'tone'; tone: number; on: boolean }
  | { kind: 'audio'; aseq: number; samples: Uint8Array }
  | { kind: 'pong'; nonce: number; bootId: number }
  | { kind: 'status'; channels: KlbChannelStatus[]; crcErrors: number; overruns: number; retransmits: number }
  | { kind: 'log'; level: number; text: string }
  | { kind: 'error'; code: number; refSeq: number; detail: Uint8Array }
  | { kind: 'ack'; ackSeq: number; status: number };

const b = (v: boolean): number => (v ? 1 : 0);

/** Type code and payload of a board message (the fake board in tests; firmware reference). */
export function encodeBoardMessage(m: BoardMessage): { type: number; payload: Uint8Array } {
  const w = new ByteWriter();
  switch (m.kind) {
    case 'info':
      w.u8(m.ver, 'ver').u8(m.fw[0], 'fw[0]').u8(m.fw[1], 'fw[1]').u8(m.fw[2], 'fw[2]').u8(m.hwRev, 'hwRev').u8(m.channels, 'channels');
      w.u32(m.caps, 'caps').u32(m.bootId, 'bootId').u32(m.nonce, 'nonce').u8(m.resetCause, 'resetCause').u8(m.maxPayload, 'maxPayload');
      return { type: MsgType.INFO, payload: w.ascii(m.name, 'name').done() };
    case 'ring':
      return { type: MsgType.RING, payload: w.u8(b(m.on), 'on').u16(m.ms, 'ms').done() };
    case 'polarity':
      return { type: MsgType.POLARITY, payload: w.i8(m.polarity, 'polarity').i8(m.volts, 'volts').done() };
    case 'loop':
      return { type: MsgType.LOOP, payload: w.u8(m.event === 'restore' ? 1 : 0, 'event').u16(m.ms, 'ms').u8(m.mA, 'mA').done() };
    case 'line':
      return { type: MsgType.LINE, payload: w.i8(m.volts, 'volts').u8(m.mA, 'mA').u8(b(m.battery), 'battery').done() };
    case 'cid':
      return { type: MsgType.CID, payload: w.u8(m.standard, 'standard').u8(m.status, 'status').raw(m.bytes).done() };
    case 'dtmf':
      return { type: MsgType.DTMF, payload: w.ascii(m.digit, 'digit').u16(m.ms, 'ms').done() };
    case 'hookState':
      return { type: MsgType.HOOK_STATE, payload: w.u8(b(m.off), 'off').u8(m.cause, 'cause').done() };
    case 'dialDone':
      return { type: MsgType.DIAL_DONE, payload: w.u8(m.status, 'status').done() };
    case 'tone':
      return { type: MsgType.TONE, payload: w.u8(m.tone, 'tone').u8(b(m.on), 'on').done() };
    case 'audio':
      return { type: MsgType.BOARD_AUDIO, payload: w.u16(m.aseq, 'aseq').raw(m.samples).done() };
    case 'pong':
      return { type: MsgType.PONG, payload: w.u32(m.nonce, 'nonce').u32(m.bootId, 'bootId').done() };
    case 'status':
      for (const c of m.channels) {
        w.u8(b(c.configured), 'configured').u8(b(c.off), 'off').i8(c.volts, 'volts').u8(c.mA, 'mA').u8(b(c.battery), 'battery').u8(b(c.ringing), 'ringing');
      }
      return { type: MsgType.STATUS, payload: w.u16(m.crcErrors, 'crcErrors').u16(m.overruns, 'overruns').u16(m.retransmits, 'retransmits').done() };
    case 'log':
      return { type: MsgType.LOG, payload: w.u8(m.level, 'level').ascii(m.text, 'text').done() };
    case 'error':
      return { type: MsgType.ERROR, payload: w.u8(m.code, 'code').u16(m.refSeq, 'refSeq').raw(m.detail).done() };
    case 'ack':
      return { type: MsgType.ACK, payload: w.u16(m.ackSeq, 'ackSeq').u8(m.status, 'status').done() };
  }
}

/** Decodes a board message payload (the driver side). Never throws. */
export function decodeBoardMessage(type: number, payload: Uint8Array): Decoded<BoardMessage> {
  const r = new ByteReader(payload);
  try {
    const msg = read(type, r);
    return msg ? { ok: true, msg } : { ok: false, reason: 'unknown' };
  } catch (e) {
    if (e instanceof ShortPayload) return { ok: false, reason: 'badLength' };
    throw e;
  }
}

function read(type: number, r: ByteReader): BoardMessage | null {
  switch (type) {
    case MsgType.INFO:
      return {
        kind: 'info', ver: r.u8(), fw: [r.u8(), r.u8(), r.u8()], hwRev: r.u8(), channels: r.u8(), caps: r.u32(), bootId: r.u32(),
        nonce: r.u32(), resetCause: r.u8(), maxPayload: r.u8(), name: r.restAscii(),
      };
    case MsgType.RING:
      return { kind: 'ring', on: r.u8() !== 0, ms: r.u16() };
    case MsgType.POLARITY:
      return { kind: 'polarity', polarity: r.i8(), volts: r.i8() };
    case MsgType.LOOP:
      return { kind: 'loop', event: r.u8() === 1 ? 'restore' : 'drop', ms: r.u16(), mA: r.u8() };
    case MsgType.LINE:
      return { kind: 'line', volts: r.i8(), mA: r.u8(), battery: r.u8() !== 0 };
    case MsgType.CID:
      return { kind: 'cid', standard: r.u8(), status: r.u8(), bytes: r.rest() };
    case MsgType.DTMF:
      return { kind: 'dtmf', digit: String.fromCharCode(r.u8()), ms: r.u16() };
    case MsgType.HOOK_STATE:
      return { kind: 'hookState', off: r.u8() !== 0, cause: r.u8() };
    case MsgType.DIAL_DONE:
      return { kind: 'dialDone', status: r.u8() };
    case MsgType.TONE:
      return { kind: 'tone', tone: r.u8(), on: r.u8() !== 0 };
    case MsgType.BOARD_AUDIO:
      return { kind: 'audio', aseq: r.u16(), samples: r.rest() };
    case MsgType.PONG:
      return { kind: 'pong', nonce: r.u32(), bootId: r.u32() };
    case MsgType.STATUS:
      return readStatus(r);
    case MsgType.LOG:
      return { kind: 'log', level: r.u8(), text: r.restAscii() };
    case MsgType.ERROR:
      return { kind: 'error', code: r.u8(), refSeq: r.u16(), detail: r.rest() };
    case MsgType.ACK:
      return { kind: 'ack', ackSeq: r.u16(), status: r.u8() };
    default:
      return null;
  }
}

/** STATUS: 6 bytes per channel, then three u16 counters; the channel count follows from the length. */
function readStatus(r: ByteReader): BoardMessage {
  if (r.remaining < 6 || (r.remaining - 6) % 6 !== 0) throw new ShortPayload('STATUS length is not 6n + 6');
  const channels: KlbChannelStatus[] = [];
  const n = (r.remaining - 6) / 6;
  for (let i = 0; i < n; i++) {
    channels.push({ configured: r.u8() !== 0, off: r.u8() !== 0, volts: r.i8(), mA: r.u8(), battery: r.u8() !== 0, ringing: r.u8() !== 0 });
  }
  return { kind: 'status', channels, crcErrors: r.u16(), overruns: r.u16(), retransmits: r.u16() };
}
