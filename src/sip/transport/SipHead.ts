/**
 * A light, non-throwing look at the head of one SIP message (RFC 3261 §7): the start line and
 * where each header line sits in the text. The transport needs only this much to route, stamp and
 * rewrite; full parsing stays with sip.js. `parseHead` MUST NOT throw on any input: a peer's
 * bytes are data, and a bad message is an `{ error }` the caller logs and drops.
 */

/** One header field: `name` is lower case with compact forms expanded (`v` -> `via`). */
export interface HeaderLine {
  name: string;
  /** Offset of the first character of the field name. */
  start: number;
  /** Offset just past the field's last character (before its CRLF), continuation lines included. */
  end: number;
  /** The value with leading/trailing whitespace trimmed and continuation lines folded to one space. */
  value: string;
}

interface HeadCommon {
  headers: HeaderLine[];
  /** Offset of the first body byte (just past the empty line). */
  bodyStart: number;
}

export interface RequestHead extends HeadCommon {
  kind: 'request';
  method: string;
  uri: string;
}

export interface ResponseHead extends HeadCommon {
  kind: 'response';
  status: number;
  reason: string;
}

export type SipHead = RequestHead | ResponseHead;

export interface HeadError {
  error: string;
}

const COMPACT: Readonly<Record<string, string>> = {
  v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type',
  k: 'supported', s: 'subject', e: 'content-encoding', o: 'event', r: 'refer-to', u: 'allow-events',
  b: 'referred-by', x: 'session-expires', a: 'accept-contact', j: 'reject-contact', d: 'request-disposition',
  y: 'identity', n: 'identity-info',
};

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const REQUEST_LINE = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/;
/** Bound on header lines: real messages have a few dozen; more is an attack or garbage. */
const MAX_HEADERS = 256;

export function parseHead(text: string): SipHead | HeadError {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return { error: 'no end of headers' };
  const firstEol = text.indexOf('\r\n');
  const startLine = text.slice(0, firstEol);
  const headers = parseHeaderLines(text, firstEol + 2, headEnd);
  if ('error' in headers) return headers;
  const bodyStart = headEnd + 4;
  const status = STATUS_LINE.exec(startLine);
  if (status) {
    return { kind: 'response', status: Number(status[1]), reason: status[2] ?? '', headers, bodyStart };
  }
  const request = REQUEST_LINE.exec(startLine);
  if (request && request[1] !== undefined && request[2] !== undefined) {
    return { kind: 'request', method: request[1].toUpperCase(), uri: request[2], headers, bodyStart };
  }
  return { error: 'unparsable start line' };
}

function parseHeaderLines(text: string, from: number, headEnd: number): HeaderLine[] | HeadError {
  const headers: HeaderLine[] = [];
  let pos = from;
  while (pos < headEnd + 2) {
    let eol = text.indexOf('\r\n', pos);
    if (eol < 0 || eol > headEnd) eol = headEnd;
    const start = pos;
    // Continuation lines (RFC 3261 §7.3.1: leading SP/HTAB) belong to this field.
    while (eol < headEnd && (text[eol + 2] === ' ' || text[eol + 2] === '\t')) {
      const next = text.indexOf('\r\n', eol + 2);
      eol = next < 0 || next > headEnd ? headEnd : next;
    }
    const line = text.slice(start, eol);
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: 'malformed header line' };
    const rawName = line.slice(0, colon).trim();
    if (!TOKEN.test(rawName)) return { error: 'malformed header name' };
    const lower = rawName.toLowerCase();
    const value = line.slice(colon + 1).replace(/\r\n[ \t]+/g, ' ').trim();
    headers.push({ name: COMPACT[lower] ?? lower, start, end: eol, value });
    if (headers.length > MAX_HEADERS) return { error: 'too many header lines' };
    pos = eol + 2;
    if (eol >= headEnd) break;
  }
  return headers;
}

/** The first header field called `name` (lower case, long form). */
export function findHeader(head: SipHead, name: string): HeaderLine | undefined {
  return head.headers.find((h) => h.name === name);
}

/** The method named in the CSeq field (`CSeq: 4711 INVITE` -> `INVITE`), if well formed. */
export function cseqMethod(head: SipHead): string | undefined {
  const cseq = findHeader(head, 'cseq');
  const m = cseq ? /^\d+\s+([A-Za-z0-9.!%*_+`'~-]+)$/.exec(cseq.value) : null;
  return m?.[1]?.toUpperCase();
}

/** Replaces a whole header field (name, value and continuation lines) with `line`. */
export function replaceHeader(text: string, header: HeaderLine, line: string): string {
  return text.slice(0, header.start) + line + text.slice(header.end);
}
