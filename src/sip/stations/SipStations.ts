import type { Core } from 'sip.js';
import type { MediaEndpoint } from '../../media/MediaEndpoint.js';
import type { CallerId } from '../../core/callerId.js';
import type { AlertInfo, RefusalReason } from '../../core/effects.js';
import { AlertCalls } from './AlertCalls.js';
import { AutoCalls } from './AutoCalls.js';
import { ForwardCalls } from './ForwardCalls.js';
import { InboundCalls } from './InboundCalls.js';
import { LegBook } from './LegBook.js';
import { LegSessions } from './LegSessions.js';
import type { SipStationDeps } from './SipStationDeps.js';
import { refusalStatus } from './refusalStatus.js';
import { sdpBody } from './sdpBody.js';

/**
 * SIP desk phones as key-system stations: the SIP side of the core's effects for stations of kind
 * `sip` (alerts, connections, refusals, leg ends, the forward leg) and the phones' own INVITEs.
 * Each effect maps to one SIP action on the right leg (LegBook decides which).
 */
export class SipStations {
  private readonly book = new LegBook();
  private readonly sessions: LegSessions;
  private readonly inbound: InboundCalls;
  private readonly alerts: AlertCalls;
  private readonly forwards: ForwardCalls;
  private readonly auto: AutoCalls;

  constructor(private readonly d: SipStationDeps) {
    this.sessions = new LegSessions(d, this.book);
    this.inbound = new InboundCalls(d, this.book, this.sessions);
    this.alerts = new AlertCalls(d, this.book, this.sessions);
    this.forwards = new ForwardCalls(d);
    this.auto = new AutoCalls(d, this.book, this.sessions);
  }

  isSip(station: string): boolean {
    return this.d.view.station(station)?.kind === 'sip';
  }

  /** An authenticated station's INVITE outside any dialog. */
  invite(req: Core.IncomingInviteRequest, station: string): void {
    this.guard('invite', this.inbound.take(req, station));
  }

  /** A key of a panel bound to a SIP station. */
  panelLineKey(station: string, line: string): void {
    this.guard('panel-call', this.auto.press(station, line));
  }

  alertStart(a: AlertInfo): void {
    if (this.isSip(a.station)) this.guard('alert', this.alerts.start(a));
  }

  alertStop(a: AlertInfo): void {
    if (this.isSip(a.station)) this.alerts.stop(a);
  }

  audioConnect(station: string, line: string): void {
    if (!this.isSip(station)) return;
    const leg = this.book.pending(station, line);
    if (!leg) return; // a held leg resumed by its own re-INVITE: answered there
    if (leg.kind === 'inbound') this.inbound.connect(leg, line);
    else {
      leg.line = line;
      leg.state = 'confirmed';
    }
  }

  refuse(station: string, reason: RefusalReason, line: string | null): void {
    if (!this.isSip(station)) return;
    const leg = this.book.pending(station, line);
    if (!leg) return;
    const { status } = refusalStatus(reason);
    leg.stopRingback?.();
    const tone = this.d.refusalTone;
    if (tone && leg.kind === 'inbound' && leg.invite && leg.answerSdp && leg.lateOffer !== true) {
      // A phone's own call is refused the way a PBX refuses it: the busy or congestion tone as
      // early media (183 with keyline's answer), then the final response.
      try {
        leg.invite.progress({ statusCode: 183, body: sdpBody(leg.answerSdp) });
      } catch {
        this.sessions.end(leg, `refused ${reason}`, status);
        return;
      }
      leg.state = 'refusing';
      this.d.log.log('info', 'sip', { station, line, event: 'refusal-tone', reason, status });
      // Whatever becomes of the tone, the refusal is sent: a leg never stays 'refusing'.
      const played = tone(leg.media.endpoint, status === 486 ? 'busy' : 'reorder');
      this.guard('refusal-tone', played.finally(() => this.sessions.end(leg, `refused ${reason}`, status)));
      return;
    }
    // An answered alert that lost the race is ACKed and at once ended with BYE (sla.md §4.5).
    this.sessions.end(leg, `refused ${reason}`, status);
  }

  legEnd(station: string, line: string): void {
    if (!this.isSip(station)) return;
    for (const leg of this.book.confirmed(station, line)) this.sessions.end(leg, 'the core ended the leg');
  }

  forwardStart(line: string, target: string, callerId: CallerId | null): void {
    this.guard('forward', this.forwards.start(line, target, callerId));
  }

  /**
   * A call flow runs asynchronously (a media port is bound first); whatever it throws — sip.js
   * can throw on a peer's odd message — is logged, never left to end the process.
   */
  private guard(flow: string, p: Promise<void>): void {
    p.catch((err: unknown) => this.d.log.log('error', 'sip', { event: 'flow-failed', flow, error: err instanceof Error ? err.message : String(err) }));
  }

  forwardEnd(line: string): void {
    this.forwards.end(line);
  }

  /** The media endpoint of the station's newest confirmed leg on the line: where its audio joins the line. */
  endpointOf(station: string, line: string): MediaEndpoint | undefined {
    return this.book.confirmed(station, line).at(-1)?.media.endpoint;
  }

  /** Live legs for status: station, line, kind, state. */
  legs(): Array<{ id: string; station: string; line: string | null; kind: string; state: string; held: boolean }> {
    return this.book.all().map((l) => ({ id: l.id, station: l.station, line: l.line, kind: l.kind, state: l.state, held: l.media.held }));
  }

  /** Shutdown: every leg ended (BYE or final response), every alert cancelled. */
  close(): void {
    this.alerts.close();
    this.forwards.close();
    for (const leg of this.book.all()) this.sessions.end(leg, 'keyline stopping', 503);
  }
}
