import { RTP_HEADER_OCTETS, RTP_VERSION } from './RtpPacket.js';
import type { RtpHeaderExtension, RtpPacket } from './RtpPacket.js';
import { RtpError } from './RtpError.js';

/**
 * Reads one RTP packet (RFC 3550 §5.1, A.1 checks that need no state): version 2, the CSRC list
 * and the header extension inside the datagram, a padding count that fits. The header extension
 * is skipped (its length word says how far) and kept opaque. Payload and extension data are views
 * into `bytes`, not copies. Any other input throws `RtpError`, never anything else.
 */
export function parseRtpPacket(bytes: Uint8Array): RtpPacket {
  if (bytes.length < RTP_HEADER_OCTETS) throw new RtpError('truncated', `RTP needs a ${RTP_HEADER_OCTETS}-octet header, got ${bytes.length} octets`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  const version = first >> 6;
  if (version !== RTP_VERSION) throw new RtpError('bad-version', `RTP version must be 2, got ${version}`);
  const second = view.getUint8(1);

  let offset = RTP_HEADER_OCTETS;
  const csrcCount = first & 0x0f;
  if (bytes.length < offset + 4 * csrcCount) throw new RtpError('truncated', `RTP header lists ${csrcCount} CSRCs but the packet has ${bytes.length} octets`);
  const csrc: number[] = [];
  for (let i = 0; i < csrcCount; i += 1, offset += 4) csrc.push(view.getUint32(offset));

  let extension: RtpHeaderExtension | undefined;
  if (first & 0x10) {
    if (bytes.length < offset + 4) throw new RtpError('truncated', `RTP extension bit set but the packet ends at octet ${bytes.length}`);
    const profile = view.getUint16(offset);
    const length = 4 * view.getUint16(offset + 2);
    offset += 4;
    if (bytes.length < offset + length) throw new RtpError('truncated', `RTP header extension of ${length} octets runs past the packet's ${bytes.length}`);
    extension = { profile, data: bytes.subarray(offset, offset + length) };
    offset += length;
  }

  let end = bytes.length;
  let padding = 0;
  if (first & 0x20) {
    padding = view.getUint8(end - 1);
    if (padding === 0 || padding > end - offset) throw new RtpError('bad-padding', `RTP padding count ${padding} does not fit the ${end - offset} octets after the header`);
    end -= padding;
  }

  const packet: RtpPacket = {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrc,
    padding,
    payload: bytes.subarray(offset, end),
  };
  if (extension !== undefined) packet.extension = extension;
  return packet;
}
