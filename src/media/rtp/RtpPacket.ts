/**
 * One RTP data packet (RFC 3550 §5.1), version 2. Integers are unsigned: `sequence` 16-bit,
 * `timestamp` and `ssrc` 32-bit, `payloadType` 7-bit.
 */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Contributing sources (RFC 3550 §5.1 CC), at most 15; keyline's mixer sends none. */
  csrc: readonly number[];
  /** The header extension (RFC 3550 §5.3.1), kept opaque: its 16-bit profile word and its data (a multiple of 4 octets). */
  extension?: RtpHeaderExtension;
  /** Padding octets after the payload, counting the count octet itself (0: no padding). */
  padding: number;
  /** The payload. A parsed packet's payload is a view into the datagram, not a copy. */
  payload: Uint8Array;
}

export interface RtpHeaderExtension {
  profile: number;
  data: Uint8Array;
}

export const RTP_VERSION = 2;
export const RTP_HEADER_OCTETS = 12;
