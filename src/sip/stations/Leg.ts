import type { Core } from 'sip.js';
import type { LegMedia } from './LegMedia.js';

/**
 * One SIP call leg between keyline and a phone, for one line:
 * - `inbound`: the phone's INVITE (off-hook, line key, pickup), answered once the core connects it;
 * - `alert`: keyline's ringing INVITE that the phone answered;
 * - `auto`: keyline's auto-answer call to a phone whose bound key panel pressed a line key.
 *
 * `pending` until the core decides (connect or refuse); `confirmed` while it carries the line
 * (talking or held); `refusing` while a refused phone hears its busy or congestion tone;
 * `ended` after BYE, CANCEL or refusal.
 */
export interface Leg {
  readonly id: string;
  readonly station: string;
  /** Known from the start, except for an off-hook, where the core picks the line. */
  line: string | null;
  readonly kind: 'inbound' | 'alert' | 'auto';
  state: 'pending' | 'confirmed' | 'refusing' | 'ended';
  readonly media: LegMedia;
  /** The phone's INVITE, while unanswered (inbound). */
  invite?: Core.IncomingInviteRequest;
  /** keyline's SDP for the 200 OK of an inbound INVITE. */
  answerSdp?: string;
  /** Whether keyline offered in its 200 (the INVITE had no SDP): the phone answers in the ACK. */
  lateOffer?: boolean;
  /** Stops keyline's ringback (early media while a seizure is under way). */
  stopRingback?: () => void;
  /** The dialog, once the INVITE was answered. */
  session?: Core.Session;
}
