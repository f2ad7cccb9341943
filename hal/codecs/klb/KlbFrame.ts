import { CRC_LEN, HEADER_LEN, MAX_PAYLOAD, MIN_FRAME_LEN } from './constants.js';
import { crc16 } from './crc16.js';

/** One KLB/1 frame before SLIP: `ver type seq flags ch ts payload crc` (hardware.md §3.2). */
export interface KlbFrame {
  ver: number;
  type: number;
  /** Sender's frame counter, u16, wrapping. */
  seq: number;
  /** Bit 0 ACK_REQ, bit 1 RETX. */
  flags: number;
  /** Channel 0…n−1, or 0xFF for the board. */
  ch: number;
  /** Sender's ms clock, u32, wrapping. */
  ts: number;
  payload: Uint8Array;
}

export type FrameDecodeResult = { ok: true; frame: KlbFrame } | { ok: false; reason: 'length' | 'crc' };

/** Frame bytes with their CRC (no SLIP). Misuse (a field out of range, payload > 240) throws. */
export function encodeFrame(f: KlbFrame): Uint8Array {
  field(f.ver, 0xff, 'ver');
  field(f.type, 0xff, 'type');
  field(f.seq, 0xffff, 'seq');
  field(f.flags, 0xff, 'flags');
  field(f.ch, 0xff, 'ch');
  field(f.ts, 0xffffffff, 'ts');
  if (!(f.payload instanceof Uint8Array) || f.payload.length > MAX_PAYLOAD) throw new RangeError(`payload must be a Uint8Array of at most ${MAX_PAYLOAD} bytes`);
  const out = new Uint8Array(HEADER_LEN + f.payload.length + CRC_LEN);
  const view = new DataView(out.buffer);
  out[0] = f.ver;
  out[1] = f.type;
  view.setUint16(2, f.seq, true);
  out[4] = f.flags;
  out[5] = f.ch;
  view.setUint32(6, f.ts, true);
  out.set(f.payload, HEADER_LEN);
  const end = HEADER_LEN + f.payload.length;
  view.setUint16(end, crc16(out, 0, end), true);
  return out;
}

/** Checks length and CRC of unescaped frame bytes; never throws. */
export function decodeFrame(bytes: Uint8Array): FrameDecodeResult {
  if (bytes.length < MIN_FRAME_LEN || bytes.length > MIN_FRAME_LEN + MAX_PAYLOAD) return { ok: false, reason: 'length' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - CRC_LEN;
  if (view.getUint16(end, true) !== crc16(bytes, 0, end)) return { ok: false, reason: 'crc' };
  return {
    ok: true,
    frame: {
      ver: view.getUint8(0),
      type: view.getUint8(1),
      seq: view.getUint16(2, true),
      flags: view.getUint8(4),
      ch: view.getUint8(5),
      ts: view.getUint32(6, true),
      payload: bytes.slice(HEADER_LEN, end),
    },
  };
}

function field(v: number, max: number, name: string): void {
  if (!(Number.isInteger(v) && v >= 0 && v <= max)) throw new RangeError(`frame.${name} must be an integer in 0..${max}, got ${String(v)}`);
}
