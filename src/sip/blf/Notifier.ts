import type { Core } from 'sip.js';
import type { SipClock, SipLog } from '../types.js';
import type { DialogInfoView } from './DialogInfoView.js';
import { NotifierDialog, newTag } from './NotifierDialog.js';
import { DEFAULT_EXPIRES, DEFAULT_NOTIFY_FAILURES, checkBounds } from './NotifierPolicy.js';
import type { ExpiresBounds, NotifyFailurePolicy } from './NotifierPolicy.js';
import type { NotifyTransport } from './NotifyTransport.js';
import { Subscription } from './Subscription.js';
import { subscribeCheck } from './subscribeCheck.js';
import type { SubscribeHeaders } from './subscribeCheck.js';
import type { SubscriptionRecord, SubscriptionRow } from './SubscriptionRecord.js';

/** The view a subscription shows: a station's (`viewer`) or the outsider view (`null`) of a line. */
export interface BlfResource {
  viewer: string | null;
  line: string;
}

export interface NotifierOptions {
  /** The LAN-facing user agent core; its delegate's `onSubscribe` is routed to `onSubscribe`. */
  core: Core.UserAgentCore;
  clock: SipClock;
  log: SipLog;
  /**
   * The resource a Request-URI user names (already %-decoded), for this subscriber (an
   * authenticated station, or null): `<station>_<line>` → that station's view, `<line>` → the
   * subscriber's own view if it has an appearance of the line, else the outsider view. null → 404.
   */
  resolve(ruriUser: string, subscriber: string | null): BlfResource | null;
  /** The view now (e.g. `lineView(keySystem, viewer, line, domain)`); null ends the subscription (noresource). */
  view(viewer: string | null, line: string): DialogInfoView | null;
  /** Grant bounds; presence.md §4 by default (60, 600, 600 s). */
  expires?: ExpiresBounds;
  /** What a failed NOTIFY does; presence.md §4 by default. */
  failures?: NotifyFailurePolicy;
  /** Wall-clock milliseconds, for the expiry of exported records only; `Date.now` by default. */
  wallNow?: () => number;
  /**
   * keyline's transport under `core`: NOTIFYs over UDP then take the fast path (`NotifierDialog`),
   * keyline's own client transactions instead of sip.js's. Without it every NOTIFY goes through sip.js.
   */
  transport?: NotifyTransport;
}

/**
 * The BLF notifier (RFC 6665 UAS for `Event: dialog`, presence.md §4, lamps.md §4): accepts
 * SUBSCRIBEs for line views, keeps one `Subscription` per dialog and NOTIFYs each of them when
 * its body changes, on every SUBSCRIBE and on resync.
 *
 * The composition root MUST route `UserAgentCore` `onSubscribe` here after authentication, MUST
 * call `notifyChanged` for every lamp change and `notifyLine` when a line's call changes without
 * a lamp change (caller ID arriving), and SHOULD call `shutdown()` (or `export()` then
 * `dispose()`) before the user agent stops. In-dialog refreshes reach the subscription's dialog
 * through the core; nothing else needs routing.
 */
export class Notifier {
  private readonly core: Core.UserAgentCore;
  private readonly bounds: ExpiresBounds;
  private readonly failures: NotifyFailurePolicy;
  private readonly wallNow: () => number;
  private readonly subs = new Map<string, Subscription>();
  private readonly byLine = new Map<string, Set<Subscription>>();
  /** By (viewer, line): a lamp change touches only the subscriptions of that view. */
  private readonly byView = new Map<string, Set<Subscription>>();
  /** Each subscription's dialog: its channel, its event and its persisted state. */
  private readonly dialogs = new WeakMap<Subscription, NotifierDialog>();
  private readonly idle: Array<() => void> = [];
  private seq = 0;

  constructor(private readonly opts: NotifierOptions) {
    this.core = opts.core;
    this.bounds = checkBounds(opts.expires ?? DEFAULT_EXPIRES);
    this.failures = opts.failures ?? DEFAULT_NOTIFY_FAILURES;
    this.wallNow = opts.wallNow ?? Date.now;
  }

  /** An out-of-dialog SUBSCRIBE from `subscriber` (an authenticated station, or null). */
  onSubscribe(request: Core.IncomingSubscribeRequest, subscriber: string | null): void {
    const m = request.message;
    const check = subscribeCheck(headersOf(m), this.bounds);
    if (!check.ok) {
      this.refuse(request, subscriber, check.status, check.reason, check.headers);
      return;
    }
    const user = m.ruri?.user;
    const resource = user === undefined ? null : this.opts.resolve(user, subscriber);
    if (resource === null) {
      this.refuse(request, subscriber, 404, `no resource ${user ?? '(none)'}`, []);
      return;
    }
    const toTag = newTag();
    let dialog: NotifierDialog;
    try {
      dialog = NotifierDialog.accept(this.core, m, toTag, check.event, this.opts.transport);
    } catch (err) {
      // sip.js cannot build a dialog without a usable Contact (RFC 6665 §4.1.2.1 requires one).
      this.refuse(request, subscriber, 400, err instanceof Error ? err.message : 'no dialog', []);
      return;
    }
    request.accept({ statusCode: 200, toTag, extraHeaders: [`Expires: ${check.expires}`, this.contact()] });
    const sub = this.adopt(dialog, subscriber, resource, 0);
    this.log('info', { event: 'subscribed', id: sub.id, subscriber, viewer: resource.viewer, line: resource.line, expires: check.expires });
    sub.grant(check.expires);
  }

  /** The lamp of (viewer, line) changed (`viewer` null: the outsider view): NOTIFY where a body changed. */
  notifyChanged(viewer: string | null, line: string): void {
    for (const s of this.byView.get(viewKey(viewer, line)) ?? []) s.changed();
  }

  /** Something of the line's call changed for every viewer (caller ID, call id): NOTIFY where a body changed. */
  notifyLine(line: string): void {
    for (const s of this.byLine.get(line) ?? []) s.changed();
  }

  /** A full-state NOTIFY to every subscription (restart, operator command; lamps.md §4.4). */
  resyncAll(): void {
    for (const s of [...this.subs.values()]) s.resync();
  }

  /** A full-state NOTIFY to every subscription of one station (it registered again). */
  resyncSubscriber(station: string): void {
    for (const s of [...this.subs.values()]) if (s.subscriber === station) s.resync();
  }

  list(): SubscriptionRow[] {
    const now = this.opts.clock.now();
    return [...this.subs.values()].map((s) => s.row(now));
  }

  get size(): number {
    return this.subs.size;
  }

  /** Every live subscription with its dialog state, for persistence (presence.md §4). */
  export(): SubscriptionRecord[] {
    const now = this.opts.clock.now();
    const wall = this.wallNow();
    const out: SubscriptionRecord[] = [];
    for (const [, s] of this.subs) {
      const dialog = this.dialogs.get(s);
      if (!dialog || !s.active) continue;
      out.push({
        subscriber: s.subscriber, viewer: s.viewer, line: s.line, event: dialog.event, nextVersion: s.versionNext,
        expiresAtWall: wall + (s.expiry - now), dialog: dialog.record(),
      });
    }
    return out;
  }

  /**
   * Resumes persisted subscriptions (after a restart): their dialogs rejoin the core, their
   * expiry timers restart, nothing is sent. Call `resyncAll()` once the key system runs, so each
   * gets a full-state NOTIFY with its next version. Expired or unreadable records are skipped.
   * Returns how many were resumed.
   */
  import(records: readonly SubscriptionRecord[]): number {
    const now = this.wallNow();
    let n = 0;
    for (const r of records) {
      const left = r.expiresAtWall - now;
      const dialog = left > 0 && Number.isSafeInteger(r.nextVersion) && r.nextVersion >= 0 ? NotifierDialog.resume(this.core, r.dialog, r.event, this.opts.transport) : null;
      if (dialog === null) {
        this.log('notice', { event: 'import-skipped', line: r.line, viewer: r.viewer, expired: left <= 0 });
        continue;
      }
      this.adopt(dialog, r.subscriber, { viewer: r.viewer, line: r.line }, r.nextVersion).resume(left);
      n += 1;
    }
    return n;
  }

  /**
   * Ends every subscription with a final NOTIFY `terminated;reason=deactivated` (the phone
   * subscribes again at once, RFC 6665 §4.1.3). Resolves when every one has ended; the caller
   * bounds the wait (a NOTIFY to a dead phone takes Timer F, 32 s).
   */
  shutdown(): Promise<void> {
    for (const s of [...this.subs.values()]) s.end('deactivated');
    return this.whenIdle();
  }

  /** Drops every subscription without a NOTIFY (after `export()`, for a restart that resumes them). */
  dispose(): void {
    for (const s of [...this.subs.values()]) s.drop('disposed');
  }

  // ---- internals -----------------------------------------------------------------------------
  private adopt(dialog: NotifierDialog, subscriber: string | null, resource: BlfResource, nextVersion: number): Subscription {
    const sub = new Subscription({
      id: `s${++this.seq}`, subscriber, viewer: resource.viewer, line: resource.line,
      channel: dialog, clock: this.opts.clock, log: this.opts.log,
      view: () => this.opts.view(resource.viewer, resource.line),
      failures: this.failures, nextVersion,
      onEnded: (s) => this.forget(s, dialog),
    });
    dialog.bind({
      subscribe: (req) => this.onRefresh(sub, dialog, req),
      disposed: () => sub.drop('disposed'),
    });
    this.subs.set(dialog.id, sub);
    this.dialogs.set(sub, dialog);
    addTo(this.byLine, resource.line, sub);
    addTo(this.byView, viewKey(resource.viewer, resource.line), sub);
    return sub;
  }

  /** An in-dialog SUBSCRIBE: refresh (200 + NOTIFY) or unsubscribe (200 + final NOTIFY). */
  private onRefresh(sub: Subscription, dialog: NotifierDialog, request: Core.IncomingSubscribeRequest): void {
    const check = subscribeCheck(headersOf(request.message), this.bounds);
    if (!check.ok) {
      this.refuse(request, sub.subscriber, check.status, check.reason, check.headers);
      return;
    }
    if (check.event !== dialog.event) {
      this.refuse(request, sub.subscriber, 489, `event ${check.event} in a ${dialog.event} dialog`, ['Allow-Events: dialog']);
      return;
    }
    if (!sub.active) {
      request.reject({ statusCode: 481 });
      return;
    }
    request.accept({ statusCode: 200, extraHeaders: [`Expires: ${check.expires}`, this.contact()] });
    sub.grant(check.expires);
  }

  private forget(sub: Subscription, dialog: NotifierDialog): void {
    this.subs.delete(dialog.id);
    removeFrom(this.byLine, sub.line, sub);
    removeFrom(this.byView, viewKey(sub.viewer, sub.line), sub);
    if (this.subs.size === 0) for (const f of this.idle.splice(0)) f();
  }

  private whenIdle(): Promise<void> {
    if (this.subs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private refuse(request: Core.IncomingSubscribeRequest, subscriber: string | null, status: number, reason: string, headers: string[]): void {
    request.reject({ statusCode: status, extraHeaders: headers });
    this.log('notice', { event: 'subscribe-refused', status, reason, subscriber, ruri: request.message.ruri?.user ?? null });
  }

  private contact(): string {
    return `Contact: ${this.core.configuration.contact.toString()}`;
  }

  private log(level: 'info' | 'notice', fields: Record<string, string | number | boolean | null>): void {
    this.opts.log.log(level, 'blf', fields);
  }
}

function headersOf(m: Core.IncomingRequestMessage): SubscribeHeaders {
  // `o` is the compact form of Event (RFC 6665 §8.2.1); sip.js keeps unknown headers as sent.
  return { event: m.getHeader('event') ?? m.getHeader('o'), expires: m.getHeader('expires'), accept: m.getHeaders('accept') };
}

function viewKey(viewer: string | null, line: string): string {
  return viewer === null ? `\u0000${line}` : `${viewer}\u0000${line}`;
}

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let set = m.get(k);
  if (!set) m.set(k, (set = new Set()));
  set.add(v);
}

function removeFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const set = m.get(k);
  set?.delete(v);
  if (set?.size === 0) m.delete(k);
}
