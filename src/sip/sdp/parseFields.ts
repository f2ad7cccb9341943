import { SdpError } from './SdpError.js';
import type { AddressType, SdpConnection, SdpOrigin } from './SessionDescription.js';

/**
 * Field parsers for the `o=`, `c=` and `m=` lines. Fields are separated by one space in RFC 4566;
 * phones are forgiven runs of spaces or tabs. `line` is the 1-based line number for the error.
 */

export function fields(value: string): string[] {
  return value.split(/[ \t]+/).filter((f) => f !== '');
}

/** `o=<username> <sess-id> <sess-version> IN <addrtype> <address>` */
export function parseOrigin(value: string, line: number): SdpOrigin {
  const f = fields(value);
  const [username, sessionId, sessionVersion, netType, addrType, address] = f;
  if (f.length !== 6 || username === undefined || sessionId === undefined || sessionVersion === undefined
    || netType === undefined || addrType === undefined || address === undefined) {
    throw new SdpError('bad-origin', `o= needs 6 fields, has ${f.length}`, line);
  }
  return { username, sessionId, sessionVersion, addrType, address };
}

function addressType(s: string): AddressType | undefined {
  const upper = s.toUpperCase();
  return upper === 'IP4' || upper === 'IP6' ? upper : undefined;
}

/** `c=IN IP4 <address>[/ttl[/count]]` or `c=IN IP6 <address>[/count]` */
export function parseConnection(value: string, line: number): SdpConnection {
  const f = fields(value);
  const [netType, type, raw] = f;
  const addrType = type === undefined ? undefined : addressType(type);
  if (f.length !== 3 || netType?.toUpperCase() !== 'IN' || addrType === undefined || raw === undefined) {
    throw new SdpError('bad-connection', `c= must be "IN IP4|IP6 <address>": "${value}"`, line);
  }
  const address = raw.split('/')[0] ?? '';
  if (address === '') throw new SdpError('bad-connection', 'c= has an empty address', line);
  return { addrType, address };
}

export interface MediaLine {
  media: string;
  port: number;
  portCount?: number;
  proto: string;
  formats: string[];
}

function integer(s: string, min: number, max: number): number | undefined {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

/** An RTP payload type number, 0..127. */
export function payloadType(s: string): number | undefined {
  return integer(s, 0, 127);
}

/** A UDP port, `min`..65535. */
export function portNumber(s: string, min: number): number | undefined {
  return integer(s, min, 65535);
}

/** `m=<media> <port>[/<count>] <proto> <fmt> ...` */
export function parseMediaLine(value: string, line: number): MediaLine {
  const f = fields(value);
  const [media, portField, proto, ...formats] = f;
  if (media === undefined || portField === undefined || proto === undefined) {
    throw new SdpError('bad-media', `m= needs media, port and transport: "${value}"`, line);
  }
  const [portText = '', countText] = portField.split('/');
  const port = portNumber(portText, 0);
  const portCount = countText === undefined ? undefined : integer(countText, 1, 65535);
  if (port === undefined || (countText !== undefined && portCount === undefined)) {
    throw new SdpError('bad-media', `m= port "${portField}" is not a port`, line);
  }
  if (proto.toUpperCase().includes('RTP/')) {
    const bad = formats.find((fmt) => payloadType(fmt) === undefined);
    if (bad !== undefined) throw new SdpError('bad-media', `RTP format "${bad}" is not a payload type 0..127`, line);
  }
  return portCount === undefined ? { media, port, proto, formats } : { media, port, portCount, proto, formats };
}
