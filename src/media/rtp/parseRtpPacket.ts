import { RTP_HEADER_OCTETS, RTP_VERSION } from './RtpPacket.js';
import type { RtpHeaderExtension, RtpPacket } from './RtpPacket.js';
import { RtpError } from './RtpError.js';

/** The CSRC list of almost every packet: one shared empty list instead of one per packet. */
const NO_CSRC: readonly number[] = Object.freeze([]);

const u16 = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32 = (b: Uint8Array, at: number): number => (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;

/**
 * Reads one RTP packet (RFC 3550 §5.1, A.1 checks that need no state): version 2, the CSRC list
 * and the header extension inside the datagram, a padding count that fits. The header extension
 * is skipped (its length word says how far) and kept opaque. Payload and extension data are views
 * into `bytes`, not copies. Any other input throws `RtpError`, never anything else.
 */
export function parseRtpPacket(bytes: Uint8Array): RtpPacket {
  if (bytes.length < RTP_HEADER_OCTETS) throw new RtpError('truncated', `RTP needs a ${RTP_HEADER_OCTETS}-octet header, got ${bytes.length} octets`);
  // Read octet by octet, not through a DataView: this runs for every datagram of every leg.
  const first = bytes[0] ?? 0;
  const version = first >> 6;
  if (version !== RTP_VERSION) throw new RtpError('bad-version', `RTP version must be 2, got ${version}`);
  const second = bytes[1] ?? 0;

  let offset = RTP_HEADER_OCTETS;
  const csrcCount = first & 0x0f;
  if (bytes.length < offset + 4 * csrcCount) throw new RtpError('truncated', `RTP header lists ${csrcCount} CSRCs but the packet has ${bytes.length} octets`);
  let csrc = NO_CSRC;
  if (csrcCount > 0) {
    const list: number[] = [];
    for (let i = 0; i < csrcCount; i += 1, offset += 4) list.push(u32(bytes, offset));
    csrc = list;
  }

  let extension: RtpHeaderExtension | undefined;
  if (first & 0x10) {
    if (bytes.length < offset + 4) throw new RtpError('truncated', `RTP extension bit set but the packet ends at octet ${bytes.length}`);
    const profile = u16(bytes, offset);
    const length = 4 * u16(bytes, offset + 2);
    offset += 4;
    if (bytes.length < offset + length) throw new RtpError('truncated', `RTP header extension of ${length} octets runs past the packet's ${bytes.length}`);
    extension = { profile, data: bytes.subarray(offset, offset + length) };
    offset += length;
  }

  let end = bytes.length;
  let padding = 0;
  if (first & 0x20) {
    padding = bytes[end - 1] ?? 0;
    if (padding === 0 || padding > end - offset) throw new RtpError('bad-padding', `RTP padding count ${padding} does not fit the ${end - offset} octets after the header`);
    end -= padding;
  }

  const packet: RtpPacket = {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequence: u16(bytes, 2),
    timestamp: u32(bytes, 4),
    ssrc: u32(bytes, 8),
    csrc,
    padding,
    payload: bytes.subarray(offset, end),
  };
  if (extension !== undefined) packet.extension = extension;
  return packet;
}
