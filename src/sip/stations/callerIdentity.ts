import type { CallerId } from '../../core/callerId.js';

/** A SIP identity (display name and URI) as From and P-Asserted-Identity carry it. */
export interface SipIdentity {
  display: string;
  uri: string;
}

/** Quotes a display name (RFC 3261 §25.1 quoted-string): PSTN names may hold quotes or backslashes. */
export function quoteDisplay(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}"`;
}

export function nameAddr(id: SipIdentity): string {
  return `${quoteDisplay(id.display)} <${id.uri}>`;
}

/**
 * Who a phone sees calling for a line (lamps.md §4.2, presence.md §2): the caller's number and
 * name when the line sends caller ID; a withheld caller as anonymous (RFC 3323); otherwise, or
 * with no caller ID, the line itself with its label.
 */
export function callerIdentity(callerId: CallerId | null, line: { id: string; label: string }, domain: string): SipIdentity {
  if (callerId?.withheld) return { display: callerId.withheld === 'P' ? 'Private' : 'Unavailable', uri: 'sip:anonymous@anonymous.invalid' };
  if (callerId?.number) return { display: callerId.name ?? callerId.number, uri: `sip:${encodeURIComponent(callerId.number)}@${domain}` };
  return { display: line.label, uri: `sip:${line.id}@${domain}` };
}
