import { RTP_HEADER_OCTETS, RTP_VERSION } from './RtpPacket.js';
import { RtpError } from './RtpError.js';

/**
 * An RTP packet's fixed header and where its parts lie in the datagram, read without making
 * anything: the receive path reads every datagram of every leg into one such object per leg.
 */
export interface RtpHeaderView {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  csrcCount: number;
  /** Where the header extension's profile word is (-1: no extension). */
  extensionAt: number;
  /** Padding octets after the payload, counting the count octet itself (0: no padding). */
  padding: number;
  /** The payload is `bytes[payloadStart, payloadEnd)`. */
  payloadStart: number;
  payloadEnd: number;
}

/** A view to read into (its fields are all overwritten by each read). */
export function rtpHeaderView(): RtpHeaderView {
  return { marker: false, payloadType: 0, sequence: 0, timestamp: 0, ssrc: 0, csrcCount: 0, extensionAt: -1, padding: 0, payloadStart: 0, payloadEnd: 0 };
}

const u16 = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32 = (b: Uint8Array, at: number): number => (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;

/**
 * Reads one RTP packet's header into `into` (RFC 3550 §5.1, the A.1 checks that need no state):
 * version 2, the CSRC list and the header extension inside the datagram, a padding count that
 * fits. Octet by octet, not through a DataView. Any other input throws `RtpError`, never anything
 * else; `into` is then left part-written.
 */
export function readRtpHeader(bytes: Uint8Array, into: RtpHeaderView): RtpHeaderView {
  if (bytes.length < RTP_HEADER_OCTETS) throw new RtpError('truncated', `RTP needs a ${RTP_HEADER_OCTETS}-octet header, got ${bytes.length} octets`);
  const first = bytes[0] ?? 0;
  const version = first >> 6;
  if (version !== RTP_VERSION) throw new RtpError('bad-version', `RTP version must be 2, got ${version}`);
  const second = bytes[1] ?? 0;

  const csrcCount = first & 0x0f;
  let offset = RTP_HEADER_OCTETS + 4 * csrcCount;
  if (bytes.length < offset) throw new RtpError('truncated', `RTP header lists ${csrcCount} CSRCs but the packet has ${bytes.length} octets`);

  let extensionAt = -1;
  if (first & 0x10) {
    if (bytes.length < offset + 4) throw new RtpError('truncated', `RTP extension bit set but the packet ends at octet ${bytes.length}`);
    extensionAt = offset;
    const length = 4 * u16(bytes, offset + 2);
    offset += 4;
    if (bytes.length < offset + length) throw new RtpError('truncated', `RTP header extension of ${length} octets runs past the packet's ${bytes.length}`);
    offset += length;
  }

  let end = bytes.length;
  let padding = 0;
  if (first & 0x20) {
    padding = bytes[end - 1] ?? 0;
    if (padding === 0 || padding > end - offset) throw new RtpError('bad-padding', `RTP padding count ${padding} does not fit the ${end - offset} octets after the header`);
    end -= padding;
  }

  into.marker = (second & 0x80) !== 0;
  into.payloadType = second & 0x7f;
  into.sequence = u16(bytes, 2);
  into.timestamp = u32(bytes, 4);
  into.ssrc = u32(bytes, 8);
  into.csrcCount = csrcCount;
  into.extensionAt = extensionAt;
  into.padding = padding;
  into.payloadStart = offset;
  into.payloadEnd = end;
  return into;
}

/** The `index`th CSRC of a packet read by `readRtpHeader`. */
export function rtpCsrc(bytes: Uint8Array, index: number): number {
  return u32(bytes, RTP_HEADER_OCTETS + 4 * index);
}
