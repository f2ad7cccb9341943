import { isDirection } from './direction.js';
import { fields, parseConnection, payloadType, portNumber } from './parseFields.js';
import { SdpError } from './SdpError.js';
import type { Direction, RtpMap, SdpAttribute, SdpConnection } from './SessionDescription.js';

/** The attributes of one section that keyline interprets, collected while parsing. */
export interface SectionAttributes {
  attributes: SdpAttribute[];
  rtpmap: Map<number, RtpMap>;
  fmtp: Map<number, string>;
  ptime?: number;
  direction?: Direction;
  rtcp?: { port: number; connection?: SdpConnection };
}

export function emptyAttributes(): SectionAttributes {
  return { attributes: [], rtpmap: new Map(), fmtp: new Map() };
}

/** `a=name` or `a=name:value`. */
export function splitAttribute(value: string, line: number): SdpAttribute {
  const colon = value.indexOf(':');
  const name = (colon < 0 ? value : value.slice(0, colon)).trim();
  if (name === '' || /\s/.test(name)) throw new SdpError('bad-attribute', `a= has no attribute name: "${value}"`, line);
  return colon < 0 ? { name } : { name, value: value.slice(colon + 1).trim() };
}

function bad(name: string, value: string, line: number): SdpError {
  return new SdpError('bad-attribute', `malformed a=${name}:${value}`, line);
}

/** `<pt> <encoding>/<clock rate>[/<channels>]` */
function parseRtpMap(value: string, line: number): [number, RtpMap] {
  const [ptText = '', spec = '', ...rest] = fields(value);
  const [encoding = '', clockText = '', channelsText, ...more] = spec.split('/');
  const pt = payloadType(ptText);
  const clockRate = /^\d{1,7}$/.test(clockText) ? Number(clockText) : 0;
  const channels = channelsText === undefined ? undefined : /^\d{1,3}$/.test(channelsText) ? Number(channelsText) : 0;
  if (pt === undefined || encoding === '' || clockRate === 0 || channels === 0 || rest.length > 0 || more.length > 0) {
    throw bad('rtpmap', value, line);
  }
  return [pt, channels === undefined ? { encoding, clockRate } : { encoding, clockRate, channels }];
}

/** `<port> [IN IP4 <address>]` (RFC 3605) */
function parseRtcp(value: string, line: number): { port: number; connection?: SdpConnection } {
  const [portText = '', ...rest] = fields(value);
  const port = portNumber(portText, 1);
  if (port === undefined) throw bad('rtcp', value, line);
  if (rest.length === 0) return { port };
  return { port, connection: parseConnection(rest.join(' '), line) };
}

/** Records one `a=` line in `into`; unknown attributes are only kept in `attributes`. */
export function applyAttribute(into: SectionAttributes, attr: SdpAttribute, line: number): void {
  into.attributes.push(attr);
  const { name, value } = attr;
  if (value === undefined) {
    if (isDirection(name)) into.direction = name;
    return;
  }
  switch (name.toLowerCase()) {
    case 'rtpmap': {
      const [pt, map] = parseRtpMap(value, line);
      into.rtpmap.set(pt, map);
      return;
    }
    case 'fmtp': {
      const [ptText = ''] = fields(value);
      const pt = payloadType(ptText);
      // Non-RTP sections use non-numeric formats: kept as a plain attribute.
      if (pt !== undefined) into.fmtp.set(pt, value.slice(value.indexOf(ptText) + ptText.length).trim());
      return;
    }
    case 'ptime': {
      const ms = Number(value);
      if (value === '' || !Number.isFinite(ms) || ms <= 0) throw bad('ptime', value, line);
      into.ptime = ms;
      return;
    }
    case 'rtcp':
      into.rtcp = parseRtcp(value, line);
      return;
    default:
      return;
  }
}
