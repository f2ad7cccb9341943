import type { DialogInfoCall } from './DialogInfoView.js';
import { sipUser } from './sipUser.js';

/** A `<remote><identity>`: the URI and, when known, the display name. */
export interface RemoteIdentity {
  uri: string;
  display: string | null;
}

/** RFC 3323 anonymous identity for a withheld caller (presence.md §2). */
const ANONYMOUS = 'sip:anonymous@anonymous.invalid';

/**
 * The far party of a line call (lamps.md §4.2), or null when there is none to show: the caller
 * as `sip:<number>@<domain>` with the name as display; a withheld caller as anonymous with
 * display `Private` (P) or `Unavailable` (O); on an outbound call the dialled number. The
 * caller decides whether the line shows it at all (`callerIdOn`).
 */
export function remoteIdentity(call: DialogInfoCall, domain: string): RemoteIdentity | null {
  if (call.direction === 'out') return call.digits === '' ? null : { uri: `sip:${sipUser(call.digits)}@${domain}`, display: null };
  const id = call.callerId;
  if (id === null) return null;
  if (id.withheld === 'P') return { uri: ANONYMOUS, display: 'Private' };
  if (id.withheld === 'O') return { uri: ANONYMOUS, display: 'Unavailable' };
  if (id.number === undefined || id.number === '') return null;
  return { uri: `sip:${sipUser(id.number)}@${domain}`, display: id.name === undefined || id.name === '' ? null : id.name };
}
