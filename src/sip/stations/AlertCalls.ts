import type { Core } from 'sip.js';
import type { AlertInfo } from '../../core/effects.js';
import { alertHeaders } from './alertHeaders.js';
import { alertOutcome, forkedOutcome } from './alertOutcome.js';
import type { AlertOutcome } from './alertOutcome.js';
import { callerIdentity } from './callerIdentity.js';
import type { Leg } from './Leg.js';
import type { LegBook } from './LegBook.js';
import { LegMedia } from './LegMedia.js';
import type { LegSessions } from './LegSessions.js';
import type { SipStationDeps } from './SipStationDeps.js';
import { sdpOf } from './sdpBody.js';
import { sendInvite } from './outboundInvite.js';

interface Fork {
  /** Set once sent; the delegate may fire only after that. */
  request?: Core.OutgoingInviteRequest;
  provisional: boolean;
  outcome: AlertOutcome | null;
}

interface Alert {
  info: AlertInfo;
  media: LegMedia;
  forks: Fork[];
  answered: boolean;
  stopped: boolean;
  timer: unknown;
}

const keyOf = (a: AlertInfo) => `${a.station}|${a.line}|${a.call}`;

/**
 * Ringing a phone (issue: "ringing a phone"): an INVITE to every registered contact of the
 * station, forked; the first 2xx answers (the core decides whether it won the race, sla.md §4.5),
 * 486/600/603 declines, every fork failing — or no provisional response within
 * `alertStartTimeout` — is an unreachable station (backoff in the core). Withdrawn by CANCEL.
 */
export class AlertCalls {
  private readonly alerts = new Map<string, Alert>();

  constructor(private readonly d: SipStationDeps, private readonly book: LegBook, private readonly sessions: LegSessions) {}

  async start(info: AlertInfo): Promise<void> {
    const bindings = this.d.bindings(info.station);
    if (bindings.length === 0) {
      this.report(info, 'failed', 'not registered');
      return;
    }
    const id = this.book.nextId(info.station);
    const alert: Alert = { info, media: new LegMedia(this.d.media.create(id), this.d.mediaAddress), forks: [], answered: false, stopped: false, timer: null };
    this.alerts.set(keyOf(info), alert);
    try {
      await alert.media.allocate();
    } catch (err) {
      this.d.log.log('warning', 'sip', { station: info.station, event: 'media-failed', error: err instanceof Error ? err.message : String(err) });
      this.finish(alert);
      this.report(info, 'failed', 'no media port');
      return;
    }
    if (alert.stopped) {
      void alert.media.close();
      return;
    }
    const offer = alert.media.offer();
    const from = callerIdentity(info.callerId, { id: info.line, label: info.label }, this.d.domain);
    for (const b of bindings) {
      const fork: Fork = { provisional: false, outcome: null };
      const request = sendInvite(this.d.core, {
        ruri: b.contact, from, to: `sip:${info.station}@${this.d.domain}`, contact: this.d.contact,
        headers: alertHeaders(info, this.d.domain), sdp: offer,
      }, {
        onTrying: () => { fork.provisional = true; },
        onProgress: () => { fork.provisional = true; },
        onAccept: (res) => this.answered(alert, fork, res),
        onReject: (res) => this.rejected(alert, fork, res.message.statusCode ?? 500),
      });
      if (!request) {
        fork.outcome = 'failed';
        continue;
      }
      fork.request = request;
      alert.forks.push(fork);
    }
    this.d.log.log('info', 'sip', { station: info.station, line: info.line, event: 'alert', call: info.call, contacts: alert.forks.length });
    if (alert.forks.length === 0) {
      this.finish(alert);
      this.report(info, 'failed', 'no contact URI parses');
      return;
    }
    alert.timer = this.d.clock.setTimeout(() => this.noAnswerStart(alert), this.d.alertStartTimeout);
  }

  /** The core withdrew the alert: CANCEL every fork still ringing. */
  stop(info: AlertInfo): void {
    const alert = this.alerts.get(keyOf(info));
    if (!alert) return;
    alert.stopped = true;
    this.cancelForks(alert);
    this.finish(alert);
  }

  close(): void {
    for (const a of [...this.alerts.values()]) this.stop(a.info);
  }

  private answered(alert: Alert, fork: Fork, res: Core.AckableIncomingResponseWithSession): void {
    res.ack();
    fork.outcome = 'answered';
    if (alert.answered) {
      // A second fork answered too: only one phone gets the call (§4.5).
      res.session.bye();
      return;
    }
    alert.answered = true;
    this.cancelForks(alert);
    this.clearTimer(alert);
    this.alerts.delete(keyOf(alert.info));
    const { station, line, call } = alert.info;
    const leg: Leg = { id: this.book.nextId(station), station, line, kind: 'alert', state: 'pending', media: alert.media };
    this.book.add(leg);
    this.sessions.attach(leg, res.session);
    const sdp = sdpOf(res.message);
    if (!sdp || !leg.media.acceptAnswer(sdp)) {
      this.sessions.end(leg, 'the phone answered without usable SDP');
      this.report(alert.info, 'failed', 'bad SDP answer');
      return;
    }
    this.d.log.log('info', 'sip', { station, line, event: 'answered', call, leg: leg.id });
    this.d.dispatch({ type: 'station.answer', station, line, call, t: this.d.clock.now() });
    if (leg.state === 'pending') this.sessions.end(leg, 'the answer was not taken');
  }

  private rejected(alert: Alert, fork: Fork, status: number): void {
    fork.outcome = alertOutcome(status);
    if (alert.answered || alert.stopped) return;
    const outcome = forkedOutcome(alert.forks.map((f) => f.outcome));
    if (outcome === 'declined' || outcome === 'failed') {
      this.cancelForks(alert);
      this.finish(alert);
      this.report(alert.info, outcome, `SIP ${status}`);
    }
  }

  private noAnswerStart(alert: Alert): void {
    alert.timer = null;
    if (alert.answered || alert.stopped || alert.forks.some((f) => f.provisional)) return;
    this.cancelForks(alert);
    this.finish(alert);
    this.report(alert.info, 'failed', 'no provisional response in time');
  }

  private cancelForks(alert: Alert): void {
    for (const f of alert.forks) {
      if (f.outcome !== null) continue;
      f.outcome = 'failed';
      try {
        f.request?.cancel();
      } catch {
        // Already final: nothing to cancel.
      }
    }
  }

  private finish(alert: Alert): void {
    this.clearTimer(alert);
    this.alerts.delete(keyOf(alert.info));
    if (!alert.answered) void alert.media.close();
  }

  private clearTimer(alert: Alert): void {
    if (alert.timer !== null) this.d.clock.clearTimeout(alert.timer);
    alert.timer = null;
  }

  private report(info: AlertInfo, outcome: 'declined' | 'failed', why: string): void {
    this.d.log.log('info', 'sip', { station: info.station, line: info.line, event: outcome === 'declined' ? 'alert-declined' : 'alert-failed', why });
    const ev = { station: info.station, line: info.line, call: info.call, t: this.d.clock.now() };
    // Reported after the current step: the alert effect that started this may still be running.
    queueMicrotask(() => this.d.dispatch(outcome === 'declined' ? { type: 'station.decline', ...ev } : { type: 'station.alertFailed', ...ev }));
  }
}
