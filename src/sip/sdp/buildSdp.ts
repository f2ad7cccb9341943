import { TELEPHONE_EVENTS } from './codecs.js';
import type { LocalAudio, LocalDescription, LocalStream, OriginStamp } from './LocalDescription.js';
import { isIpv4Literal } from './streamView.js';

function audioLines(a: LocalAudio): string[] {
  const formats = [...a.codecs.map((c) => c.payloadType), ...(a.telephoneEvent === undefined ? [] : [a.telephoneEvent])];
  return [
    `m=audio ${a.port} RTP/AVP ${formats.join(' ')}`,
    ...a.codecs.map((c) => `a=rtpmap:${c.payloadType} ${c.encoding}/8000`),
    ...(a.telephoneEvent === undefined ? [] : [
      `a=rtpmap:${a.telephoneEvent} telephone-event/8000`,
      `a=fmtp:${a.telephoneEvent} ${TELEPHONE_EVENTS}`,
    ]),
    `a=ptime:${a.ptime}`,
    `a=${a.direction}`,
  ];
}

function checkPort(port: number, what: string): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`${what} must be a port 0..65535, got ${port}`);
}

function streamLines(s: LocalStream): string[] {
  return s.kind === 'audio' ? audioLines(s) : [`m=${s.media} 0 ${s.proto} ${s.format}`];
}

/**
 * Writes keyline's session description (RFC 4566): `v=0`, `o=- <id> <version> IN IP4 <addr>`,
 * `s=keyline`, `c=IN IP4 <addr>`, `t=0 0`, then each stream. CRLF line ends, a final CRLF.
 * A non-IPv4 address or a port out of range is misuse and throws, naming it.
 */
export function buildSdp(desc: LocalDescription, origin: OriginStamp): string {
  if (!isIpv4Literal(desc.address) || desc.address === '0.0.0.0') throw new TypeError(`desc.address must be a unicast IPv4 address, got "${desc.address}"`);
  desc.streams.forEach((s, i) => { if (s.kind === 'audio') checkPort(s.port, `desc.streams[${i}].port`); });
  const lines = [
    'v=0',
    `o=- ${origin.sessionId} ${origin.version} IN IP4 ${desc.address}`,
    's=keyline',
    `c=IN IP4 ${desc.address}`,
    't=0 0',
    ...desc.streams.flatMap(streamLines),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
