import { Grammar } from 'sip.js';
import type { Core } from 'sip.js';
import type { SipIdentity } from './callerIdentity.js';
import { sdpBody } from './sdpBody.js';

export interface OutboundInvite {
  /** Where to: a registered contact, or a forward target. */
  ruri: string;
  from: SipIdentity;
  /** The To URI (the station's AOR, or the target). */
  to: string;
  /** keyline's Contact URI. */
  contact: string;
  headers: readonly string[];
  sdp: string;
}

/**
 * Sends one INVITE from keyline's user agent core. Timeouts and transport errors reach the
 * delegate as an internal 408 (sip.js); a URI that does not parse returns null, sending nothing.
 */
export function sendInvite(core: Core.UserAgentCore, o: OutboundInvite, delegate: Core.OutgoingInviteRequestDelegate): Core.OutgoingInviteRequest | null {
  const ruri = Grammar.URIParse(o.ruri);
  const from = Grammar.URIParse(o.from.uri);
  const to = Grammar.URIParse(o.to);
  if (!ruri || !from || !to) return null;
  const message = core.makeOutgoingRequestMessage(
    'INVITE', ruri, from, to, { fromDisplayName: o.from.display },
    [`Contact: <${o.contact}>`, 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY', ...o.headers],
    sdpBody(o.sdp),
  );
  return core.invite(message, delegate);
}
