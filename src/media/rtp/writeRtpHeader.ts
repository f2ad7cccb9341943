import { RTP_HEADER_OCTETS, RTP_VERSION } from './RtpPacket.js';

/**
 * Writes the fixed 12-octet RTP header (RFC 3550 §5.1: version 2, no padding, no extension, no
 * CSRC) into `out[0..12)` — the per-packet path of a leg's audio, which encodes its payload
 * straight after it in the same buffer. Fields are the caller's, already in range (the sender
 * keeps them so); `out` shorter than the header is misuse and throws.
 */
export function writeRtpHeader(out: Uint8Array, marker: boolean, payloadType: number, sequence: number, timestamp: number, ssrc: number): void {
  if (out.length < RTP_HEADER_OCTETS) throw new RangeError(`out must hold at least ${RTP_HEADER_OCTETS} octets, got ${out.length}`);
  out[0] = RTP_VERSION << 6;
  out[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  out[2] = (sequence >>> 8) & 0xff;
  out[3] = sequence & 0xff;
  out[4] = timestamp >>> 24;
  out[5] = (timestamp >>> 16) & 0xff;
  out[6] = (timestamp >>> 8) & 0xff;
  out[7] = timestamp & 0xff;
  out[8] = ssrc >>> 24;
  out[9] = (ssrc >>> 16) & 0xff;
  out[10] = (ssrc >>> 8) & 0xff;
  out[11] = ssrc & 0xff;
}
