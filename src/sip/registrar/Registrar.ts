import type { Core, URI } from 'sip.js';
import { Grammar, equivalentURI } from 'sip.js';
import type { Ms } from '../../core/time.js';
import type { Binding, Flow, SipClock, SipCredentials, SipLog, SipRegistrationPolicy } from '../types.js';
import type { RegisterReply } from './RegisterReply.js';
import { reply } from './RegisterReply.js';
import type { RequestedContact } from './readContacts.js';
import { readContacts } from './readContacts.js';

export interface RegistrarOptions {
  policy: SipRegistrationPolicy;
  clock: SipClock;
  log?: SipLog;
  /** Wall-clock time for the `Date` header of a 200 (RFC 3261 §10.3 step 8). */
  date?: () => Date;
  /** Contacts one station may have at once; more are refused with 403. 10. */
  maxBindingsPerStation?: number;
}

/** Who sent the REGISTER, as digest authentication established it. */
export type RegisterAccount = Pick<SipCredentials, 'station' | 'username'>;

/** A binding as persisted: its lifetime left, since the monotonic clock does not survive a restart. */
export type SavedBinding = Binding & { remainingMs: number };

/** Called when a station gains its first binding or loses its last: it became (un)reachable. */
export type RegistrationListener = (station: string, bindings: readonly Binding[]) => void;

interface Entry {
  binding: Binding;
  uri: URI;
  timer: unknown;
}

interface Change {
  requested: RequestedContact;
  /** Granted interval; 0 removes. */
  expires: Ms;
  existing: Entry | undefined;
}

/**
 * The registrar of RFC 3261 §10.3 for the site's stations. It is given an authenticated station
 * and the flow the REGISTER came on, and returns the response to send; it keeps each station's
 * contacts with the flow to reach them, expires them by one timer each on the SipClock, and tells
 * listeners when a station becomes reachable (first binding) or unreachable (last one gone).
 * Passwords never reach it.
 */
export class Registrar {
  private readonly policy: SipRegistrationPolicy;
  private readonly clock: SipClock;
  private readonly log: SipLog | undefined;
  private readonly date: () => Date;
  private readonly maxBindings: number;
  private readonly stations = new Map<string, Entry[]>();
  private readonly listeners = new Set<RegistrationListener>();

  constructor(options: RegistrarOptions) {
    const { minExpires, maxExpires, defaultExpires } = options.policy;
    if (!(minExpires > 0 && minExpires <= defaultExpires && defaultExpires <= maxExpires)) {
      throw new RangeError('Registrar: policy needs 0 < minExpires <= defaultExpires <= maxExpires');
    }
    this.policy = options.policy;
    this.clock = options.clock;
    this.log = options.log;
    this.date = options.date ?? (() => new Date());
    this.maxBindings = options.maxBindingsPerStation ?? 10;
  }

  register(message: Core.IncomingRequestMessage, account: RegisterAccount, flow: Flow): RegisterReply {
    const required = message.getHeaders('require').flatMap((h) => h.split(',')).map((t) => t.trim()).filter((t) => t !== '');
    if (required.length > 0) return reply(420, 'Bad Extension', [`Unsupported: ${required.join(', ')}`]);
    const to = message.to.uri;
    const user = to.user ?? '';
    if (!['sip', 'sips'].includes(to.scheme.toLowerCase()) || (user !== account.username && user !== account.station)) {
      this.log?.log('notice', 'sip', { event: 'register-refused', station: account.station, to: to.toString(), reason: 'not-own-aor' });
      return reply(403, 'Forbidden');
    }
    const request = readContacts(message);
    if (request.kind === 'invalid') return request.reply;
    const entries = this.stations.get(account.station) ?? [];
    const before = entries.length;
    if (request.kind === 'wildcard') {
      if (entries.some((e) => this.outOfOrder(e, message))) return reply(500, 'CSeq Out of Order');
      for (const e of [...entries]) this.remove(account.station, e, 'unregister');
    } else if (request.kind === 'contacts') {
      const refused = this.apply(account.station, entries, request.contacts, message, flow);
      if (refused) return refused;
    }
    this.notifyIfReachabilityChanged(account.station, before);
    return this.ok(account.station);
  }

  /** The station's current bindings (copies), soonest to expire first. */
  bindings(station: string): Binding[] {
    return (this.stations.get(station) ?? []).map((e) => ({ ...e.binding, flow: { ...e.binding.flow } })).sort((a, b) => a.expiresAt - b.expiresAt);
  }

  /** Every station's bindings. */
  all(): Binding[] {
    return [...this.stations.keys()].flatMap((s) => this.bindings(s));
  }

  /** Subscribes to reachability changes; returns the unsubscribe function. */
  onChange(listener: RegistrationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops a station's bindings (it left the configuration), telling listeners it is unreachable. */
  removeStation(station: string): void {
    const entries = this.stations.get(station);
    if (entries === undefined) return;
    for (const e of [...entries]) this.remove(station, e, 'removed');
    this.notifyIfReachabilityChanged(station, entries.length);
  }

  /**
   * Every binding with its remaining lifetime, for persistence: a phone believes it is registered
   * until its expiry, so a keyline that forgot it at a restart could not ring it for up to an hour.
   */
  export(): SavedBinding[] {
    const now = this.clock.now();
    return this.all().map((b) => ({ ...b, remainingMs: Math.max(0, b.expiresAt - now) }));
  }

  /**
   * Takes saved bindings back (after a restart), for stations that still exist; expired ones
   * and unparsable contacts are skipped. Listeners hear of each station that became reachable.
   * Returns how many were restored.
   */
  restore(saved: readonly SavedBinding[], stations: ReadonlySet<string>): number {
    let n = 0;
    for (const s of saved) {
      const uri = Grammar.URIParse(s.contact);
      if (!uri || !stations.has(s.station) || !(s.remainingMs > 0)) continue;
      const entries = this.stations.get(s.station) ?? [];
      if (entries.some((e) => equivalentURI(e.uri, uri)) || entries.length >= this.maxBindings) continue;
      const before = entries.length;
      const binding: Binding = { station: s.station, contact: s.contact, flow: { ...s.flow }, expiresAt: this.clock.now() + s.remainingMs, callId: s.callId, cseq: s.cseq, ...(s.userAgent === undefined ? {} : { userAgent: s.userAgent }) };
      const entry: Entry = { binding, uri, timer: undefined };
      entry.timer = this.clock.setTimeout(() => this.expire(s.station, entry), s.remainingMs);
      this.stations.set(s.station, [...entries, entry]);
      this.notifyIfReachabilityChanged(s.station, before);
      n += 1;
    }
    return n;
  }

  /** Stops every timer and forgets every binding, without telling listeners (shutdown). */
  dispose(): void {
    for (const entries of this.stations.values()) for (const e of entries) this.clock.clearTimeout(e.timer);
    this.stations.clear();
    this.listeners.clear();
  }

  /** Checks every contact first, then commits all or nothing (§10.3: updates are atomic). */
  private apply(station: string, entries: Entry[], contacts: RequestedContact[], message: Core.IncomingRequestMessage, flow: Flow): RegisterReply | undefined {
    const changes: Change[] = [];
    for (const requested of contacts) {
      const asked = requested.expires === undefined ? this.policy.defaultExpires : requested.expires * 1000;
      if (asked > 0 && asked < this.policy.minExpires) {
        return reply(423, 'Interval Too Brief', [`Min-Expires: ${Math.ceil(this.policy.minExpires / 1000)}`]);
      }
      const existing = entries.find((e) => equivalentURI(e.uri, requested.uri));
      if (existing !== undefined && this.outOfOrder(existing, message)) return reply(500, 'CSeq Out of Order');
      changes.push({ requested, expires: Math.min(asked, this.policy.maxExpires), existing });
    }
    const added = changes.filter((c) => c.expires > 0 && c.existing === undefined && !this.duplicateBefore(changes, c)).length;
    const removed = changes.filter((c) => c.expires === 0 && c.existing !== undefined).length;
    if (entries.length + added - removed > this.maxBindings) return reply(403, 'Too Many Contacts');
    for (const change of changes) this.commit(station, change, message, flow);
    return undefined;
  }

  /** A contact written twice in one request counts once. */
  private duplicateBefore(changes: Change[], change: Change): boolean {
    const i = changes.indexOf(change);
    return changes.slice(0, i).some((c) => c.existing === undefined && equivalentURI(c.requested.uri, change.requested.uri));
  }

  private commit(station: string, change: Change, message: Core.IncomingRequestMessage, flow: Flow): void {
    const entries = this.stations.get(station) ?? [];
    const existing = change.existing ?? entries.find((e) => equivalentURI(e.uri, change.requested.uri));
    if (change.expires === 0) {
      if (existing !== undefined) this.remove(station, existing, 'unregister');
      return;
    }
    const now = this.clock.now();
    const userAgent = message.getHeader('user-agent');
    const binding: Binding = {
      station,
      contact: change.requested.text,
      flow: { ...flow },
      expiresAt: now + change.expires,
      callId: message.callId,
      cseq: message.cseq,
      ...(userAgent === undefined ? {} : { userAgent }),
    };
    const fresh = existing === undefined || existing.binding.contact !== binding.contact || !sameFlow(existing.binding.flow, flow);
    if (existing !== undefined) this.clock.clearTimeout(existing.timer);
    const entry: Entry = existing ?? { binding, uri: change.requested.uri, timer: undefined };
    entry.binding = binding;
    entry.uri = change.requested.uri;
    entry.timer = this.clock.setTimeout(() => this.expire(station, entry), change.expires);
    if (existing === undefined) this.stations.set(station, [...entries, entry]);
    this.log?.log(fresh ? 'info' : 'debug', 'sip', {
      event: 'register', station, contact: binding.contact, expires: change.expires / 1000, proto: flow.proto, address: flow.address,
    });
  }

  private expire(station: string, entry: Entry): void {
    const before = this.stations.get(station)?.length ?? 0;
    this.remove(station, entry, 'expired');
    this.notifyIfReachabilityChanged(station, before);
  }

  private remove(station: string, entry: Entry, event: 'unregister' | 'expired' | 'removed'): void {
    this.clock.clearTimeout(entry.timer);
    const rest = (this.stations.get(station) ?? []).filter((e) => e !== entry);
    if (rest.length === 0) this.stations.delete(station);
    else this.stations.set(station, rest);
    this.log?.log('info', 'sip', { event, station, contact: entry.binding.contact });
  }

  /** RFC 3261 §10.3 step 7: the same Call-ID with a CSeq not above the binding's is stale. */
  private outOfOrder(entry: Entry, message: Core.IncomingRequestMessage): boolean {
    return entry.binding.callId === message.callId && message.cseq <= entry.binding.cseq;
  }

  private notifyIfReachabilityChanged(station: string, before: number): void {
    const after = this.stations.get(station)?.length ?? 0;
    if ((before === 0) === (after === 0)) return;
    const bindings = this.bindings(station);
    for (const listener of [...this.listeners]) listener(station, bindings);
  }

  private ok(station: string): RegisterReply {
    const now = this.clock.now();
    const contacts = this.bindings(station).map((b) => `Contact: <${b.contact}>;expires=${Math.max(0, Math.ceil((b.expiresAt - now) / 1000))}`);
    return reply(200, 'OK', [...contacts, `Date: ${this.date().toUTCString()}`]);
  }
}

function sameFlow(a: Flow, b: Flow): boolean {
  return a.proto === b.proto && a.address === b.address && a.port === b.port;
}
