import type { RtpHeaderExtension, RtpPacket } from './RtpPacket.js';
import { readRtpHeader, rtpCsrc, rtpHeaderView } from './readRtpHeader.js';

/** The CSRC list of almost every packet: one shared empty list instead of one per packet. */
const NO_CSRC: readonly number[] = Object.freeze([]);

/**
 * Reads one RTP packet (RFC 3550 §5.1) with the checks of `readRtpHeader`, as an object. The
 * header extension is kept opaque. Payload and extension data are views into `bytes`, not
 * copies. Any other input throws `RtpError`, never anything else.
 */
export function parseRtpPacket(bytes: Uint8Array): RtpPacket {
  const h = readRtpHeader(bytes, rtpHeaderView());
  let csrc = NO_CSRC;
  if (h.csrcCount > 0) {
    const list: number[] = [];
    for (let i = 0; i < h.csrcCount; i += 1) list.push(rtpCsrc(bytes, i));
    csrc = list;
  }
  const packet: RtpPacket = {
    marker: h.marker,
    payloadType: h.payloadType,
    sequence: h.sequence,
    timestamp: h.timestamp,
    ssrc: h.ssrc,
    csrc,
    padding: h.padding,
    payload: bytes.subarray(h.payloadStart, h.payloadEnd),
  };
  if (h.extensionAt >= 0) {
    const at = h.extensionAt;
    const extension: RtpHeaderExtension = { profile: ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0), data: bytes.subarray(at + 4, h.payloadStart) };
    packet.extension = extension;
  }
  return packet;
}
