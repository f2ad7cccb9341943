import type { NtpTimestamp } from './NtpTimestamp.js';

/**
 * The RTCP vocabulary (RFC 3550 §6.4-6.6): what `parseRtcp` returns and `serializeRtcp` writes.
 * Integers are unsigned 32-bit unless said otherwise.
 */

/** One reception report block (RFC 3550 §6.4.1), about one source we receive. */
export interface ReportBlock {
  ssrc: number;
  /** Packets lost since the previous report, in 1/256 (0..255). */
  fractionLost: number;
  /** Packets lost since reception began, signed 24-bit (negative with duplicates). */
  cumulativeLost: number;
  /** Wraps × 65536 + the highest sequence number received. */
  extendedHighestSequence: number;
  /** Interarrival jitter in RTP timestamp units. */
  jitter: number;
  /** LSR: the middle 32 bits of the NTP timestamp of the last SR from that source, 0 if none. */
  lastSenderReport: number;
  /** DLSR: 1/65536 s from receiving that SR to sending this block, 0 if none. */
  delaySinceLastSenderReport: number;
}

/** SR, packet type 200. Profile-specific extensions after the blocks are not kept. */
export interface SenderReport {
  type: 'sr';
  ssrc: number;
  ntp: NtpTimestamp;
  /** The RTP timestamp of the same instant as `ntp`. */
  rtpTimestamp: number;
  /** RTP data packets sent since the sender began or changed SSRC. */
  packetCount: number;
  /** Payload octets (no headers, no padding) in those packets. */
  octetCount: number;
  reports: ReportBlock[];
}

/** RR, packet type 201. */
export interface ReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: ReportBlock[];
}

/** One SDES item: CNAME is type 1 (RFC 3550 §6.5); text is UTF-8, at most 255 octets. */
export interface SdesItem {
  type: number;
  text: string;
}

export interface SdesChunk {
  ssrc: number;
  items: SdesItem[];
}

/** SDES, packet type 202. */
export interface SourceDescription {
  type: 'sdes';
  chunks: SdesChunk[];
}

/** BYE, packet type 203. */
export interface Goodbye {
  type: 'bye';
  ssrcs: number[];
  reason?: string;
}

/** Any other packet type (APP, XR, feedback …), kept opaque: its 5-bit count field and body after the 4-octet header. */
export interface OtherRtcp {
  type: 'other';
  packetType: number;
  count: number;
  body: Uint8Array;
}

export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye | OtherRtcp;

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const SDES_CNAME = 1;
