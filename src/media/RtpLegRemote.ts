import type { G711Law } from './g711/G711Law.js';
import { IPV4 } from './RtpLegSockets.js';
import type { RtpLegRemote } from './RtpLegOptions.js';

const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** The misuse checks of `setRemote()` (STYLE.md 6): a field out of range throws, naming it. */
export function checkRemote(remote: RtpLegRemote): void {
  const { address, port, payloadType, telephoneEvent, direction, codec, rtcpPort } = remote;
  if (!IPV4.test(address)) throw new TypeError(`remote.address must be an IPv4 address, got "${address}"`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`remote.port must be 0..65535, got ${port}`);
  if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) throw new RangeError(`remote.payloadType must be 0..127, got ${payloadType}`);
  if (telephoneEvent !== undefined && (!Number.isInteger(telephoneEvent) || telephoneEvent < 0 || telephoneEvent > 127)) {
    throw new RangeError(`remote.telephoneEvent must be 0..127, got ${telephoneEvent}`);
  }
  if (!DIRECTIONS.includes(direction)) throw new TypeError(`remote.direction must be one of ${DIRECTIONS.join(', ')}, got "${String(direction)}"`);
  if (codec !== undefined && codec !== 'PCMU' && codec !== 'PCMA') throw new TypeError(`remote.codec must be PCMU or PCMA, got "${String(codec)}"`);
  if (rtcpPort !== undefined && (!Number.isInteger(rtcpPort) || rtcpPort < 0 || rtcpPort > 65535)) throw new RangeError(`remote.rtcpPort must be 0..65535, got ${rtcpPort}`);
}

/** Whether the contract lets the leg send RTP to this remote: a sending direction, a real address and port. */
export function sendsTo(remote: RtpLegRemote): boolean {
  return (remote.direction === 'sendrecv' || remote.direction === 'sendonly') && remote.port !== 0 && remote.address !== '0.0.0.0';
}

/** Whether keyline plays what the peer sends (its direction receives). */
export function receivesFrom(remote: RtpLegRemote): boolean {
  return remote.direction === 'sendrecv' || remote.direction === 'recvonly';
}

/** The G.711 law of a payload type on this leg: the static 0 and 8 (RFC 3551), or the negotiated number with its codec. */
export function lawOf(payloadType: number, remote: RtpLegRemote): G711Law | undefined {
  if (payloadType === remote.payloadType && remote.codec !== undefined) return remote.codec;
  if (payloadType === 0) return 'PCMU';
  if (payloadType === 8) return 'PCMA';
  return undefined;
}
