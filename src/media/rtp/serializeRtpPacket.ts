import { checkUint, UINT16_MAX, UINT32_MAX } from './checkUint.js';
import { RTP_HEADER_OCTETS } from './RtpPacket.js';
import type { RtpPacket } from './RtpPacket.js';
import { writeRtpHeader } from './writeRtpHeader.js';

/**
 * Writes one RTP packet (RFC 3550 §5.1) into a new array. Fields out of range are misuse and
 * throw a RangeError naming the field; padding octets are zero but for the count in the last.
 */
export function serializeRtpPacket(packet: RtpPacket): Uint8Array {
  const { marker, payloadType, sequence, timestamp, ssrc, csrc, extension, padding, payload } = packet;
  checkUint('payloadType', payloadType, 127);
  checkUint('sequence', sequence, UINT16_MAX);
  checkUint('timestamp', timestamp, UINT32_MAX);
  checkUint('ssrc', ssrc, UINT32_MAX);
  checkUint('padding', padding, 255);
  if (csrc.length > 15) throw new RangeError(`csrc must list at most 15 sources, got ${csrc.length}`);
  csrc.forEach((s, i) => checkUint(`csrc[${i}]`, s, UINT32_MAX));
  if (extension !== undefined) {
    checkUint('extension.profile', extension.profile, UINT16_MAX);
    if (extension.data.length % 4 !== 0 || extension.data.length > 4 * UINT16_MAX) {
      throw new RangeError(`extension.data must be a multiple of 4 octets up to ${4 * UINT16_MAX}, got ${extension.data.length}`);
    }
  }

  const headerLength = RTP_HEADER_OCTETS + 4 * csrc.length + (extension === undefined ? 0 : 4 + extension.data.length);
  const bytes = new Uint8Array(headerLength + payload.length + padding);
  writeRtpHeader(bytes, marker, payloadType, sequence, timestamp, ssrc);
  bytes[0] = (bytes[0] ?? 0) | (padding > 0 ? 0x20 : 0) | (extension === undefined ? 0 : 0x10) | csrc.length;
  const view = new DataView(bytes.buffer);
  let offset = RTP_HEADER_OCTETS;
  for (const s of csrc) {
    view.setUint32(offset, s);
    offset += 4;
  }
  if (extension !== undefined) {
    view.setUint16(offset, extension.profile);
    view.setUint16(offset + 2, extension.data.length / 4);
    bytes.set(extension.data, offset + 4);
    offset += 4 + extension.data.length;
  }
  bytes.set(payload, offset);
  if (padding > 0) bytes[bytes.length - 1] = padding;
  return bytes;
}
