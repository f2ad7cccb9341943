import type { SipProto } from '../types.js';
import { findHeader } from './SipHead.js';
import type { RequestHead } from './SipHead.js';
import { firstUriIn, parseSipUri } from './SipUri.js';

/** Where a request goes next, before pinned flows and name resolution. */
export interface RequestTarget {
  /** Lower case host as written (name or IP literal). */
  host: string;
  port: number;
  /** From the URI's `transport` parameter; undefined when the URI names none. */
  proto: SipProto | undefined;
}

/**
 * The next hop of an outgoing request (RFC 3261 §8.1.2, §18.1.1): the top Route when there is
 * one (sip.js builds loose routes only), else the Request-URI; its host, port (default 5060) and
 * `transport` parameter. `sips:` and transports other than UDP and TCP are errors.
 */
export function requestTarget(head: RequestHead): RequestTarget | { error: string } {
  const route = findHeader(head, 'route');
  const text = route ? firstUriIn(route.value)?.uri : head.uri;
  if (text === undefined) return { error: `cannot route to Route ${route?.value ?? ''}` };
  return uriTarget(text, route ? 'Route' : 'Request-URI');
}

/** The next hop named by one URI (the top Route's, or the Request-URI when there is no Route). */
export function uriTarget(text: string, what = 'Request-URI'): RequestTarget | { error: string } {
  const uri = parseSipUri(text);
  if (!uri) return { error: `cannot route to ${what} ${text}` };
  if (uri.scheme === 'sips') return { error: 'sips: is not supported (no TLS)' };
  const transport = uri.params.get('transport')?.toLowerCase();
  if (transport !== undefined && transport !== 'udp' && transport !== 'tcp') {
    return { error: `transport=${transport} is not supported` };
  }
  const proto = transport === undefined ? undefined : transport === 'tcp' ? 'TCP' : 'UDP';
  return { host: uri.host, port: uri.port ?? 5060, proto };
}
