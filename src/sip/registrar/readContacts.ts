import type { Core, URI } from 'sip.js';
import { Grammar, NameAddrHeader } from 'sip.js';
import type { RegisterReply } from './RegisterReply.js';
import { reply } from './RegisterReply.js';

/** One Contact of a REGISTER with the interval it asks for, in whole seconds. */
export interface RequestedContact {
  uri: URI;
  /** The URI as the phone wrote it. */
  text: string;
  /** Its `expires` parameter, else the `Expires` header; undefined when it gives neither. */
  expires: number | undefined;
}

export type ContactRequest =
  /** No Contact: the phone asks which bindings it has. */
  | { kind: 'query' }
  /** `Contact: *` with `Expires: 0`: remove every binding of the address-of-record. */
  | { kind: 'wildcard' }
  | { kind: 'contacts'; contacts: RequestedContact[] }
  | { kind: 'invalid'; reply: RegisterReply };

const DELTA_SECONDS = /^\d{1,10}$/;

function seconds(text: string | null | undefined): number | undefined | 'bad' {
  if (text === undefined || text === null) return undefined;
  const trimmed = text.trim();
  return DELTA_SECONDS.test(trimmed) ? Number(trimmed) : 'bad';
}

/** The NameAddrHeader(s) of one Contact header value, or undefined if it does not parse. */
function parseContact(raw: string): NameAddrHeader[] | undefined {
  const parsed: unknown = Grammar.parse(raw, 'Contact');
  if (!Array.isArray(parsed)) return undefined;
  const out: NameAddrHeader[] = [];
  for (const item of parsed as unknown[]) {
    const header = (item as { parsed?: unknown } | null)?.parsed;
    if (!(header instanceof NameAddrHeader)) return undefined;
    out.push(header);
  }
  return out;
}

/**
 * What a REGISTER asks for (RFC 3261 §10.3 steps 6–7): its Contacts and their intervals, or the
 * wildcard, or a query. Reads the raw header values, so a `Contact: *` is recognised however the
 * parser stored it. (sip.js 0.21.2's grammar has no STAR: until the runtime patch lets it
 * through, its parser drops such a REGISTER before it gets here.)
 */
export function readContacts(message: Core.IncomingRequestMessage): ContactRequest {
  const expiresHeader = seconds(message.getHeader('expires'));
  if (expiresHeader === 'bad') return { kind: 'invalid', reply: reply(400, 'Invalid Expires') };
  const raws = message.getHeaders('contact');
  if (raws.length === 0) return { kind: 'query' };
  if (raws.some((r) => r.trim() === '*')) {
    if (raws.length > 1) return { kind: 'invalid', reply: reply(400, 'Wildcard Contact Must Be Alone') };
    if (expiresHeader !== 0) return { kind: 'invalid', reply: reply(400, 'Wildcard Contact Needs Expires 0') };
    return { kind: 'wildcard' };
  }
  const contacts: RequestedContact[] = [];
  for (const raw of raws) {
    const headers = parseContact(raw);
    if (headers === undefined) return { kind: 'invalid', reply: reply(400, 'Invalid Contact') };
    for (const header of headers) {
      const scheme = header.uri.scheme.toLowerCase();
      if (scheme !== 'sip' && scheme !== 'sips') return { kind: 'invalid', reply: reply(400, 'Contact Must Be A SIP URI') };
      const own = seconds(header.getParam('expires'));
      if (own === 'bad') return { kind: 'invalid', reply: reply(400, 'Invalid Expires') };
      contacts.push({ uri: header.uri, text: header.uri.toRaw(), expires: own ?? expiresHeader });
    }
  }
  return { kind: 'contacts', contacts };
}
