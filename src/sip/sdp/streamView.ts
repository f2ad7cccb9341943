import { withoutReceive } from './direction.js';
import type { AddressType, Direction, MediaDescription, SessionDescription } from './SessionDescription.js';

/**
 * One media stream of a description as its writer means it: session and media level merged
 * (the media level wins), `c=0.0.0.0` applied.
 */
export interface StreamView {
  media: MediaDescription;
  /** The `c=` address that applies, media level first; undefined only for a port-0 stream. */
  address?: string;
  addrType?: AddressType;
  /** Whether `address` is a dotted-quad IPv4 literal keyline can send to (not IPv6, not a name). */
  ipv4: boolean;
  /** `c=IN IP4 0.0.0.0`: the RFC 2543 hold. */
  zeroAddress: boolean;
  /** The writer's direction: attribute at media level, else session level, else `sendrecv`. */
  direction: Direction;
  /** The RTCP port: `a=rtcp`, else RTP port + 1 (RFC 3550 §11). */
  rtcpPort: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4Literal(address: string): boolean {
  return IPV4.test(address);
}

export function streamView(sdp: SessionDescription, media: MediaDescription): StreamView {
  const connection = media.connection ?? sdp.connection;
  const zeroAddress = connection?.addrType === 'IP4' && connection.address === '0.0.0.0';
  const written = media.direction ?? sdp.direction ?? 'sendrecv';
  return {
    media,
    ...(connection === undefined ? {} : { address: connection.address, addrType: connection.addrType }),
    ipv4: connection?.addrType === 'IP4' && isIpv4Literal(connection.address),
    zeroAddress,
    direction: zeroAddress ? withoutReceive(written) : written,
    rtcpPort: media.rtcp?.port ?? media.port + 1,
  };
}
