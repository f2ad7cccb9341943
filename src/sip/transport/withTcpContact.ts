import type { LocalAddress } from './LocalAddress.js';
import { replaceHeader } from './SipHead.js';
import type { SipHead } from './SipHead.js';
import { firstUriIn, parseSipUri, withUriParam } from './SipUri.js';

/**
 * The message as it must go out over TCP: our own Contact (host and port equal to `self`) gets
 * `;transport=tcp`, so that the peer sends its in-dialog requests back over a stream too
 * (RFC 3261 §18.1.1, §19.1.4). Other Contacts (a phone's bindings listed in a REGISTER 200)
 * MUST NOT be touched.
 */
export function withTcpContact(text: string, head: SipHead, self: LocalAddress): string {
  const contacts = head.headers.filter((h) => h.name === 'contact');
  // From the last to the first, so that earlier offsets stay valid.
  for (const header of contacts.reverse()) {
    const span = firstUriIn(header.value);
    const uri = span && parseSipUri(span.uri);
    if (!span || !uri || uri.host !== self.host.toLowerCase() || (uri.port ?? 5060) !== self.port) continue;
    const transport = uri.params.get('transport');
    if (transport !== undefined && transport.toLowerCase() !== 'udp') continue;
    const rewritten = withUriParam(span.uri, 'transport', 'tcp');
    const value = header.value.slice(0, span.start) + (span.bracketed ? rewritten : `<${rewritten}>`) + header.value.slice(span.end);
    text = replaceHeader(text, header, `Contact: ${value}`);
  }
  return text;
}
