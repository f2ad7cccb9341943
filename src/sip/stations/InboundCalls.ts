import { Core } from 'sip.js';
import type { StationInput } from '../../core/events.js';
import type { Leg } from './Leg.js';
import type { LegBook } from './LegBook.js';
import { LegMedia } from './LegMedia.js';
import type { LegSessions } from './LegSessions.js';
import type { SipStationDeps } from './SipStationDeps.js';
import { replacesTarget } from './replacesTarget.js';
import { requestTarget } from './requestTarget.js';
import { sdpBody, sdpOf } from './sdpBody.js';

const RINGING = new Set(['ringing.active', 'ringing.forwarding', 'ringing.unanswered']);

/**
 * A phone's INVITE to keyline, from an authenticated station: off-hook, a line key, or a BLF
 * pickup (issue: "phone-originated calls", "BLF pickup"). The INVITE becomes a pending leg and a
 * core event; the core's effects answer it (connected: 200 OK) or refuse it (the mapped status).
 * A seizure waits for dial tone with 180 Ringing; the phone's CANCEL abandons it (sla.md §6.7).
 */
export class InboundCalls {
  constructor(private readonly d: SipStationDeps, private readonly book: LegBook, private readonly sessions: LegSessions) {}

  async take(req: Core.IncomingInviteRequest, station: string): Promise<void> {
    const decision = this.decide(req, station);
    if ('status' in decision) {
      req.reject({ statusCode: decision.status, reasonPhrase: decision.reason });
      this.d.log.log('info', 'sip', { station, event: 'invite-refused', status: decision.status, reason: decision.reason });
      return;
    }
    const id = this.book.nextId(station);
    const leg: Leg = {
      id, station, line: decision.line, kind: 'inbound', state: 'pending', invite: req,
      media: new LegMedia(this.d.media.create(id), this.d.mediaAddress),
    };
    req.delegate = { onCancel: () => this.cancelled(leg) };
    this.book.add(leg);
    try {
      await leg.media.allocate();
    } catch (err) {
      this.d.log.log('warning', 'sip', { leg: id, event: 'media-failed', error: err instanceof Error ? err.message : String(err) });
      this.sessions.end(leg, 'no media port', 503);
      return;
    }
    if (leg.state !== 'pending') return; // cancelled while the port was being bound
    const sdp = sdpOf(req.message);
    if (sdp) {
      const a = leg.media.answer(sdp);
      if (!a.ok) {
        req.reject({ statusCode: a.status, extraHeaders: [`Warning: ${a.warning}`] });
        this.sessions.finish(leg);
        return;
      }
      leg.answerSdp = a.sdp;
    } else {
      leg.answerSdp = leg.media.offer();
      leg.lateOffer = true;
    }
    this.d.log.log('info', 'sip', { station, line: leg.line, event: 'invite', intent: decision.event.type, leg: id });
    this.d.dispatch({ ...decision.event, t: this.d.clock.now() });
    if (leg.state !== 'pending') return;
    const seizing = this.seizingLineOf(station);
    if (seizing !== null) {
      leg.line = seizing;
      const ringback = this.d.ringback;
      if (ringback && !leg.lateOffer) {
        // No CO audio reaches the phone before the seizure completes: keyline rings back in-band,
        // in a 180 with SDP (RFC 3960 early media), which phones play instead of their own ringback.
        req.progress({ statusCode: 180, body: sdpBody(leg.answerSdp) });
        leg.stopRingback = ringback(leg.media.endpoint);
      } else {
        req.progress({ statusCode: 180 });
      }
      return;
    }
    // The core neither connected nor refused (e.g. a key for a line this station is already on).
    this.sessions.end(leg, 'nothing to do for this request', 486);
  }

  /** The core connected the station: answer the INVITE. */
  connect(leg: Leg, line: string): void {
    const req = leg.invite;
    if (!req || !leg.answerSdp) return;
    leg.stopRingback?.();
    const res = req.accept({ statusCode: 200, body: sdpBody(leg.answerSdp) });
    delete leg.invite;
    leg.line = line;
    leg.state = 'confirmed';
    this.sessions.attach(leg, res.session);
  }

  private cancelled(leg: Leg): void {
    if (leg.state !== 'pending' && leg.state !== 'refusing') return;
    try {
      leg.invite?.reject({ statusCode: 487 });
    } catch {
      // sip.js may have answered the CANCELled INVITE itself.
    }
    this.sessions.phoneLeft(leg, 'CANCEL');
  }

  private seizingLineOf(station: string): string | null {
    for (const line of this.d.view.lineIds()) if (this.d.view.lineContext(line)?.call?.seizer === station) return line;
    return null;
  }

  private decide(req: Core.IncomingInviteRequest, station: string):
    | { status: number; reason: string }
    | { line: string | null; event: StationInput } {
    // The phone's Contact is the dialog's remote target (RFC 3261 §8.1.1.8, §12.1.1): sip.js
    // checks only that there is one, and throws building the dialog of our 180 or 200 when it is
    // `*` or does not parse (that ended the process). Refused before anything happens.
    if (!(req.message.parseHeader('contact') instanceof Core.NameAddrHeader)) return { status: 400, reason: 'Invalid Contact' };
    const view = this.d.view;
    const def = view.station(station);
    if (!def) return { status: 403, reason: 'Forbidden' };
    const replaces = req.message.getHeader('replaces');
    if (replaces) {
      const target = replacesTarget(replaces, this.d.domain);
      const ctx = target ? view.lineContext(target.line) : undefined;
      if (!target || ctx?.call?.id !== target.call || !RINGING.has(view.lineState(target.line) ?? '')) {
        return { status: 481, reason: 'Call/Transaction Does Not Exist' };
      }
      return { line: target.line, event: { type: 'station.answer', station, line: target.line, call: target.call } };
    }
    const lines = new Set(view.lineIds());
    const stations = new Set(view.stationIds());
    const target = requestTarget(req.message.ruri?.user ?? '', {
      station,
      hasLine: (l) => def.appearances.some((a) => a.line === l),
      isLine: (l) => lines.has(l),
      isStation: (s) => stations.has(s),
    });
    switch (target.kind) {
      case 'notFound': return { status: 404, reason: 'Not Found' };
      case 'forbidden': return { status: 403, reason: 'Forbidden' };
      case 'offHook': return { line: null, event: { type: 'station.offHook', station, digits: target.digits } };
      case 'lineKey': return { line: target.line, event: { type: 'station.lineKey', station, line: target.line } };
    }
  }
}
