/**
 * A parsed session description (RFC 4566) as keyline reads it: what the SDP says, section by
 * section, nothing merged. `streamView()` merges session and media level into what one stream
 * means; `parseSdp()` builds this; keyline's own descriptions are `LocalDescription`s.
 */

/** The direction attributes of RFC 3264 §5.1, from the writer's point of view. */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export type AddressType = 'IP4' | 'IP6';

/** A `c=` line (network type `IN` only). */
export interface SdpConnection {
  addrType: AddressType;
  /** The address as written, without a multicast `/ttl` or `/count` suffix. */
  address: string;
}

/** The `o=` line. Numbers are kept as text: phones use 64-bit ids. */
export interface SdpOrigin {
  username: string;
  sessionId: string;
  sessionVersion: string;
  addrType: string;
  address: string;
}

/** An `a=` line: `a=name` (flag, no value) or `a=name:value`. */
export interface SdpAttribute {
  name: string;
  value?: string;
}

/** Any other line (`b=`, `i=`, `k=`, `r=`, `z=`, ...), kept as it came. */
export interface SdpLine {
  type: string;
  value: string;
}

/** `a=rtpmap:<pt> <encoding>/<clock>[/<channels>]`, or the RFC 3551 static table entry. */
export interface RtpMap {
  encoding: string;
  clockRate: number;
  channels?: number;
}

/** One `m=` section. */
export interface MediaDescription {
  /** `audio`, `video`, `application`, ... */
  media: string;
  port: number;
  /** `m=audio 49170/2 ...`: the `/2`. */
  portCount?: number;
  /** `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF`, ... as written. */
  proto: string;
  /** The formats in the writer's order of preference: payload type numbers for RTP. */
  formats: readonly string[];
  connection?: SdpConnection;
  rtpmap: ReadonlyMap<number, RtpMap>;
  /** `a=fmtp:<pt> <parameters>`: the parameters text per payload type. */
  fmtp: ReadonlyMap<number, string>;
  ptime?: number;
  /** The direction attribute of this section, if it has one (RFC 3264: it wins over the session's). */
  direction?: Direction;
  /** `a=rtcp:<port> [IN IP4 <address>]` (RFC 3605). */
  rtcp?: { port: number; connection?: SdpConnection };
  /** Every `a=` line of the section in order, those interpreted above included. */
  attributes: readonly SdpAttribute[];
  other: readonly SdpLine[];
}

export interface SessionDescription {
  origin: SdpOrigin;
  /** `s=`; `-` or empty when the writer gave none. */
  sessionName: string;
  connection?: SdpConnection;
  /** A session-level direction attribute (Polycom writes it there), if any. */
  direction?: Direction;
  attributes: readonly SdpAttribute[];
  other: readonly SdpLine[];
  media: readonly MediaDescription[];
}
