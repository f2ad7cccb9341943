import { applyAttribute, emptyAttributes, splitAttribute } from './mediaAttributes.js';
import type { SectionAttributes } from './mediaAttributes.js';
import { parseConnection, parseMediaLine, parseOrigin } from './parseFields.js';
import type { MediaLine } from './parseFields.js';
import { SdpError } from './SdpError.js';
import type { MediaDescription, SdpConnection, SdpLine, SdpOrigin, SessionDescription } from './SessionDescription.js';

/** Larger than any desk phone's offer (about 1 KiB) and well under a UDP SIP message. */
export const DEFAULT_MAX_SDP_LENGTH = 16_384;

export interface ParseSdpOptions {
  /** The longest description accepted, in characters. */
  maxLength?: number;
}

interface Section extends SectionAttributes {
  connection?: SdpConnection;
  other: SdpLine[];
}

interface OpenMedia extends Section {
  m: MediaLine;
  line: number;
}

function section(): Section {
  return { ...emptyAttributes(), other: [] };
}

function closeMedia(s: OpenMedia, sessionConnection: SdpConnection | undefined): MediaDescription {
  if (s.m.port !== 0 && s.connection === undefined && sessionConnection === undefined) {
    throw new SdpError('missing-connection', `m=${s.m.media} has no c= at media or session level`, s.line);
  }
  const { m, line: _line, ...rest } = s;
  return { ...m, ...rest };
}

/**
 * Reads a session description as desk phones write it (RFC 4566). Tolerant of what does not
 * matter — LF or CRLF, trailing blanks, missing `s=`/`t=`, unknown lines and attributes (kept) —
 * and strict where a value is used: a malformed `v=`, `o=`, `c=`, `m=` or interpreted attribute
 * throws an `SdpError` naming the line. Never throws anything else.
 */
export function parseSdp(text: string, options: ParseSdpOptions = {}): SessionDescription {
  const maxLength = options.maxLength ?? DEFAULT_MAX_SDP_LENGTH;
  if (text.length > maxLength) throw new SdpError('too-large', `${text.length} characters, limit ${maxLength}`);
  const lines = text.split(/\r\n|\r|\n/);
  let origin: SdpOrigin | undefined;
  let sessionName = '';
  let sawVersion = false;
  const session = section();
  const media: MediaDescription[] = [];
  let open: OpenMedia | undefined;
  for (const [i, raw] of lines.entries()) {
    const n = i + 1;
    const line = raw.trimEnd();
    if (line === '') continue;
    if (!/^[a-z]=/.test(line) || line.includes('\0')) throw new SdpError('bad-line', 'not a "<type>=<value>" line', n);
    const type = line[0] as string;
    const value = line.slice(2);
    if (!sawVersion) {
      if (type !== 'v' || value.trim() !== '0') throw new SdpError('bad-version', 'the first line must be v=0', n);
      sawVersion = true;
      continue;
    }
    const current: Section = open ?? session;
    switch (type) {
      case 'v': throw new SdpError('bad-version', 'a second v= line', n);
      case 'o':
        if (open !== undefined || origin !== undefined) throw new SdpError('bad-origin', 'o= out of place', n);
        origin = parseOrigin(value, n);
        break;
      case 's':
        if (open === undefined) sessionName = value.trim();
        else current.other.push({ type, value });
        break;
      case 'c': current.connection = parseConnection(value, n); break;
      case 'a': applyAttribute(current, splitAttribute(value, n), n); break;
      case 'm':
        if (open !== undefined) media.push(closeMedia(open, session.connection));
        open = { ...section(), m: parseMediaLine(value, n), line: n };
        break;
      default: current.other.push({ type, value });
    }
  }
  if (!sawVersion) throw new SdpError('empty', 'no lines');
  if (origin === undefined) throw new SdpError('bad-origin', 'no o= line');
  if (open !== undefined) media.push(closeMedia(open, session.connection));
  const { connection, direction, attributes, other } = session;
  return {
    origin, sessionName, attributes, other, media,
    ...(connection === undefined ? {} : { connection }),
    ...(direction === undefined ? {} : { direction }),
  };
}
