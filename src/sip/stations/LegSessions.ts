import type { Core } from 'sip.js';
import type { Leg } from './Leg.js';
import type { LegBook } from './LegBook.js';
import type { SipStationDeps } from './SipStationDeps.js';
import { sdpBody, sdpOf } from './sdpBody.js';

/** A hold re-INVITE is exclusive when BroadWorks SCA marks it so (lamps.md §5, sla.md §8.1). */
function exclusiveHold(req: Core.IncomingInviteRequest): boolean {
  return /appearance-state\s*=\s*held-private/i.test(req.message.getHeaders('call-info').join(','));
}

/**
 * The life of an answered leg: the phone's BYE, its hold and resume re-INVITEs (sla.md §8: the
 * dialog stays while held), and keyline ending it. Every end closes the leg's media exactly once.
 */
export class LegSessions {
  constructor(private readonly d: SipStationDeps, private readonly book: LegBook) {}

  attach(leg: Leg, session: Core.Session): void {
    leg.session = session;
    session.delegate = {
      onAck: (ack) => {
        if (!leg.lateOffer) return;
        leg.lateOffer = false;
        const sdp = sdpOf(ack.message);
        if (!sdp || !leg.media.acceptAnswer(sdp)) this.end(leg, 'no usable SDP answer in the ACK');
      },
      onBye: (bye) => {
        bye.accept();
        this.phoneLeft(leg, 'BYE');
      },
      onInvite: (req) => this.reinvite(leg, req),
    };
  }

  /** The phone ended its leg (BYE, or CANCEL before the answer): the station hangs up that line. */
  phoneLeft(leg: Leg, how: string): void {
    if (leg.state === 'ended') return;
    // A refused leg (hearing its tone) never held the line: the core has nothing to undo.
    const wasLive = leg.state === 'confirmed' || (leg.state === 'pending' && leg.line !== null);
    this.finish(leg);
    this.d.log.log('info', 'sip', { station: leg.station, line: leg.line, event: 'leg-ended-by-phone', how, leg: leg.id });
    if (wasLive) this.d.dispatch({ type: 'station.hangup', station: leg.station, line: leg.line ?? undefined, t: this.d.clock.now() });
  }

  /** keyline ends the leg: a final response if unanswered, else BYE. */
  end(leg: Leg, why: string, status = 486): void {
    if (leg.state === 'ended') return;
    if (leg.invite) {
      try {
        leg.invite.reject({ statusCode: status });
      } catch {
        // The transaction may already be gone (the phone cancelled): nothing left to answer.
      }
    } else if (leg.session) {
      try {
        leg.session.bye();
      } catch (err) {
        this.d.log.log('debug', 'sip', { leg: leg.id, event: 'bye-failed', error: err instanceof Error ? err.message : String(err) });
      }
    }
    this.d.log.log('info', 'sip', { station: leg.station, line: leg.line, event: 'leg-ended', why, leg: leg.id });
    this.finish(leg);
  }

  finish(leg: Leg): void {
    leg.stopRingback?.();
    leg.state = 'ended';
    delete leg.invite;
    this.book.remove(leg);
    void leg.media.close();
  }

  private reinvite(leg: Leg, req: Core.IncomingInviteRequest): void {
    const sdp = sdpOf(req.message);
    if (!sdp) {
      // An offerless re-INVITE (session refresh): keyline offers, the phone answers in the ACK.
      leg.lateOffer = true;
      req.accept({ statusCode: 200, body: sdpBody(leg.media.offer()) });
      return;
    }
    const wasHeld = leg.media.held;
    const a = leg.media.answer(sdp);
    if (!a.ok) {
      req.reject({ statusCode: a.status, extraHeaders: [`Warning: ${a.warning}`] });
      return;
    }
    req.accept({ statusCode: 200, body: sdpBody(a.sdp) });
    if (leg.state !== 'confirmed' || leg.line === null) return;
    const t = this.d.clock.now();
    if (a.held && !wasHeld) {
      this.d.dispatch({ type: 'station.hold', station: leg.station, line: leg.line, exclusive: exclusiveHold(req), t });
    } else if (!a.held && wasHeld) {
      this.d.dispatch({ type: 'station.resume', station: leg.station, line: leg.line, t });
    }
  }
}
