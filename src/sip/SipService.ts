import type { Core } from 'sip.js';
import type { CallerId } from '../core/callerId.js';
import type { AlertInfo, LampChange, RefusalReason } from '../core/effects.js';
import type { Lamp } from '../core/lamp.js';
import type { MediaEndpoint, MediaEndpointFactory } from '../media/MediaEndpoint.js';
import { AuthLimiter, DigestServer, SipAuthenticator } from './auth/index.js';
import type { AuthDecision } from './auth/index.js';
import type { BlfResource, SubscriptionRecord, SubscriptionRow } from './blf/index.js';
import { Notifier, lineView } from './blf/index.js';
import { createUserAgentCore } from './createUserAgentCore.js';
import type { UserAgentCoreHandle } from './createUserAgentCore.js';
import { Registrar } from './registrar/index.js';
import { SipStations } from './stations/SipStations.js';
import type { SipStationDeps, StationsView } from './stations/SipStationDeps.js';
import type { Binding, SipClock, SipCredentials, SipLog, SipSettings } from './types.js';

/** What the SIP layer reads of the key system: the stations' view plus lamps for the BLF. */
export interface SipSystemView extends StationsView {
  lamp(station: string | null, line: string): Lamp | null;
}

export interface SipServiceOptions {
  settings: SipSettings;
  credentials: readonly SipCredentials[];
  /** The site domain (BLF entities, identities). */
  domain: string;
  clock: SipClock;
  log: SipLog;
  version: string;
  dispatch: SipStationDeps['dispatch'];
  view: SipSystemView;
  media: MediaEndpointFactory;
  alertStartTimeout: number;
  /** Plays the busy or congestion tone to a refused phone as early media; resolves when it is done. */
  refusalTone?: (endpoint: MediaEndpoint, kind: 'busy' | 'reorder') => Promise<void>;
  /** Plays ringback to a phone while its seizure is under way, until the returned function is called. */
  ringback?: (endpoint: MediaEndpoint) => () => void;
}

export interface SipStatus {
  listen: string;
  registrations: Binding[];
  subscriptions: SubscriptionRow[];
  legs: ReturnType<SipStations['legs']>;
  blocked: Array<{ address: string; until: number }>;
}

/**
 * The LAN-facing SIP side of keyline (DESIGN.md): one user agent core for the phones, with the
 * registrar, the BLF notifier and the station calls behind digest authentication. Requests from
 * a station that is not authenticated never reach a line, a subscription or a registration.
 */
export class SipService {
  private constructor(
    private readonly o: SipServiceOptions,
    private readonly ua: UserAgentCoreHandle,
    private readonly auth: SipAuthenticator,
    private readonly digest: DigestServer,
    private readonly limiter: AuthLimiter,
    readonly registrar: Registrar,
    readonly notifier: Notifier,
    readonly stations: SipStations,
  ) {}

  static async start(o: SipServiceOptions): Promise<SipService> {
    const { clock, log, settings } = o;
    const digest = new DigestServer({ realm: settings.realm, credentials: [...o.credentials], clock, algorithms: settings.digest });
    const limiter = new AuthLimiter({ policy: settings.security, clock, log });
    const auth = new SipAuthenticator(digest, limiter, log);
    const registrar = new Registrar({ policy: settings.registration, clock, log });
    let service: SipService | null = null;
    const ua = await createUserAgentCore({
      listen: settings.listen, clock, log, version: o.version, domains: [o.domain, settings.realm],
      admitRequest: (flow) => !limiter.isBlocked(flow.address),
      delegate: {
        onRegister: (req) => service?.register(req),
        onSubscribe: (req) => service?.subscribe(req),
        onInvite: (req) => service?.invite(req),
      },
    });
    const contact = `sip:keyline@${ua.transport.local.host}:${ua.transport.local.port}`;
    const stations = new SipStations({
      core: ua.core, clock, log, domain: o.domain, contact, mediaAddress: settings.listen.advertisedHost, dispatch: o.dispatch, view: o.view,
      bindings: (s) => registrar.bindings(s), media: o.media, alertStartTimeout: o.alertStartTimeout,
      ...(o.refusalTone ? { refusalTone: o.refusalTone } : {}),
      ...(o.ringback ? { ringback: o.ringback } : {}),
    });
    const notifier = new Notifier({
      core: ua.core, transport: ua.transport, clock, log,
      resolve: (user, subscriber) => resolveBlf(o.view, user, subscriber),
      view: (viewer, line) => lineView(o.view, viewer, line, o.domain),
    });
    service = new SipService(o, ua, auth, digest, limiter, registrar, notifier, stations);
    registrar.onChange((station, bindings) => service?.registrationChanged(station, bindings));
    log.log('notice', 'sip', { event: 'listening', address: `${ua.transport.local.host}:${ua.transport.local.port}`, tcp: settings.listen.tcp });
    return service;
  }

  /** The effects of the key system that concern SIP stations and the BLF. */
  alertStart(a: AlertInfo): void { this.stations.alertStart(a); }
  alertStop(a: AlertInfo): void { this.stations.alertStop(a); }
  audioConnect(station: string, line: string): void { this.stations.audioConnect(station, line); }
  refuse(station: string, reason: RefusalReason, line: string | null): void { this.stations.refuse(station, reason, line); }
  legEnd(station: string, line: string): void { this.stations.legEnd(station, line); }
  /** The media endpoint carrying a connected SIP station's audio on a line, if it has one. */
  endpointOf(station: string, line: string): MediaEndpoint | undefined { return this.stations.endpointOf(station, line); }
  forwardStart(line: string, target: string, callerId: CallerId | null): void { this.stations.forwardStart(line, target, callerId); }
  forwardEnd(line: string): void { this.stations.forwardEnd(line); }
  lamp(change: LampChange): void { this.notifier.notifyChanged(change.station, change.line); }
  /** Caller ID arrived on a ringing line: the bodies change though no lamp does. */
  lineDetailChanged(line: string): void { this.notifier.notifyLine(line); }
  panelLineKey(station: string, line: string): void { this.stations.panelLineKey(station, line); }

  isSip(station: string): boolean {
    return this.stations.isSip(station);
  }

  hasBinding(station: string): boolean {
    return this.registrar.bindings(station).length > 0;
  }

  /** New credentials after a reload: stations removed lose their registrations. */
  setCredentials(credentials: readonly SipCredentials[]): void {
    this.digest.setCredentials([...credentials]);
    const keep = new Set(credentials.map((c) => c.station));
    for (const b of this.registrar.all()) if (!keep.has(b.station)) this.registrar.removeStation(b.station);
  }

  exportSubscriptions(): SubscriptionRecord[] {
    return this.notifier.export();
  }

  /** After a restart: the saved subscriptions rejoin, and each gets a full-state NOTIFY. */
  resumeSubscriptions(records: readonly SubscriptionRecord[]): number {
    const n = this.notifier.import(records);
    this.notifier.resyncAll();
    return n;
  }

  status(): SipStatus {
    const l = this.ua.transport.local;
    return {
      listen: `${l.host}:${l.port}`,
      registrations: this.registrar.all(),
      subscriptions: this.notifier.list(),
      legs: this.stations.legs(),
      blocked: this.limiter.blocked().map((b) => ({ address: b.address, until: b.until })),
    };
  }

  /**
   * Stops the SIP side. The subscriptions are kept (no final NOTIFY): the caller saved them with
   * `exportSubscriptions()`, and the next start resumes them and sends full state (S44). Calls
   * are ended (BYE, CANCEL, final responses).
   */
  async stop(): Promise<void> {
    this.stations.close();
    this.notifier.dispose();
    this.registrar.dispose();
    this.limiter.dispose();
    await this.ua.close();
  }

  private authenticated(req: Core.IncomingRequest): AuthDecision & { ok: true } | null {
    const decision = this.auth.authenticate(req.message, this.ua.flowOf(req.message));
    if (decision.ok) return decision;
    req.reject({ statusCode: decision.status, extraHeaders: decision.headers });
    return null;
  }

  private register(req: Core.IncomingRegisterRequest): void {
    const who = this.authenticated(req);
    if (!who) return;
    const flow = this.ua.flowOf(req.message);
    const reply = this.registrar.register(req.message, who, flow);
    if (reply.status === 200) {
      for (const b of this.registrar.bindings(who.station)) {
        const hostPort = /^sips?:(?:[^@]*@)?([^;>?]+)/.exec(b.contact)?.[1];
        if (hostPort) this.ua.transport.pinFlow(hostPort.includes(':') ? hostPort : `${hostPort}:5060`, b.flow);
      }
      req.accept({ statusCode: 200, extraHeaders: reply.headers });
    } else {
      req.reject({ statusCode: reply.status, reasonPhrase: reply.reason, extraHeaders: reply.headers });
    }
  }

  private subscribe(req: Core.IncomingSubscribeRequest): void {
    const who = this.authenticated(req);
    if (who) this.notifier.onSubscribe(req, who.station);
  }

  private invite(req: Core.IncomingInviteRequest): void {
    const who = this.authenticated(req);
    if (who) this.stations.invite(req, who.station);
  }

  private registrationChanged(station: string, bindings: readonly Binding[]): void {
    const reachable = bindings.length > 0;
    this.o.dispatch({ type: 'station.reachable', station, reachable, t: this.o.clock.now() });
    // A phone that registers again may have lost its lamps (reboot): send them in full (lamps.md §4.4).
    if (reachable) this.notifier.resyncSubscriber(station);
  }
}

/**
 * What a BLF subscription's Request-URI names (lamps.md §4.1): `<station>_<line>` is that
 * station's own view, only for that station; `<line>` is the subscriber's view if it has an
 * appearance of the line, else the outsider view.
 */
export function resolveBlf(view: StationsView, user: string, subscriber: string | null): BlfResource | null {
  const isLine = (l: string) => view.lineDef(l) !== undefined;
  const sep = user.indexOf('_');
  if (sep > 0) {
    const station = user.slice(0, sep);
    const line = user.slice(sep + 1);
    if (view.station(station) && isLine(line)) return station === subscriber ? { viewer: station, line } : null;
  }
  if (!isLine(user)) return null;
  const appears = subscriber !== null && !!view.station(subscriber)?.appearances.some((a) => a.line === user);
  return { viewer: appears ? subscriber : null, line: user };
}
