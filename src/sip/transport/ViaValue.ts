import { findHeader, replaceHeader } from './SipHead.js';
import type { HeaderLine, SipHead } from './SipHead.js';

/**
 * One Via field value (RFC 3261 §20.42, RFC 3581): `SIP/2.0/UDP host[:port];branch=..;rport`.
 * Parsing MUST NOT throw; formatting keeps parameter order and spelling so a rewritten Via
 * differs from the original only where the transport meant it to.
 */
export interface Via {
  /** Upper case: `UDP`, `TCP`, ... */
  transport: string;
  /** As written; an IPv6 reference keeps its brackets. */
  host: string;
  port: number | undefined;
  /** In order; a parameter without `=` (such as a bare `rport`) has value `undefined`. */
  params: Array<[name: string, value: string | undefined]>;
}

const SENT_PROTOCOL = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9.!%*_+`'~-]+)\s+(.*)$/i;
const SENT_BY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

export function parseVia(value: string): Via | undefined {
  const m = SENT_PROTOCOL.exec(value.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const [sentBy = '', ...rawParams] = m[2].split(';');
  const hp = SENT_BY.exec(sentBy.trim());
  if (!hp || hp[1] === undefined) return undefined;
  const port = hp[2] === undefined ? undefined : Number(hp[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const params: Via['params'] = [];
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim().toLowerCase();
    if (name === '') return undefined;
    params.push([name, eq < 0 ? undefined : raw.slice(eq + 1).trim()]);
  }
  return { transport: m[1].toUpperCase(), host: hp[1], port, params };
}

export function formatVia(via: Via): string {
  const sentBy = via.port === undefined ? via.host : `${via.host}:${via.port}`;
  const params = via.params.map(([n, v]) => (v === undefined ? `;${n}` : `;${n}=${v}`)).join('');
  return `SIP/2.0/${via.transport} ${sentBy}${params}`;
}

export function hasViaParam(via: Via, name: string): boolean {
  return via.params.some(([n]) => n === name);
}

export function viaParam(via: Via, name: string): string | undefined {
  return via.params.find(([n]) => n === name)?.[1];
}

/** A copy of `via` with `name` set to `value` (in place if present, else appended). */
export function withViaParam(via: Via, name: string, value: string | undefined): Via {
  const params = via.params.slice();
  const i = params.findIndex(([n]) => n === name);
  if (i >= 0) params[i] = [name, value];
  else params.push([name, value]);
  return { ...via, params };
}

/** The sent-by (`host[:port]`) as written, used to tell apart clients that reuse a branch. */
export function sentByOf(via: Via): string {
  return via.port === undefined ? via.host.toLowerCase() : `${via.host.toLowerCase()}:${via.port}`;
}

export interface TopVia {
  header: HeaderLine;
  via: Via;
  /** Further Via values in the same field, after the first comma (may be ''). */
  rest: string;
}

/** The topmost Via value of a message, or undefined when it is missing or garbled. */
export function topViaOf(head: SipHead): TopVia | undefined {
  const header = findHeader(head, 'via');
  if (!header) return undefined;
  const comma = header.value.indexOf(',');
  const first = comma < 0 ? header.value : header.value.slice(0, comma);
  const via = parseVia(first);
  if (!via) return undefined;
  return { header, via, rest: comma < 0 ? '' : header.value.slice(comma + 1).trim() };
}

/** `text` with its topmost Via value replaced by `via`; other Via values are kept. */
export function replaceTopVia(text: string, top: TopVia, via: Via): string {
  const value = top.rest === '' ? formatVia(via) : `${formatVia(via)}, ${top.rest}`;
  return replaceHeader(text, top.header, `Via: ${value}`);
}
