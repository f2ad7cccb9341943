import { Core as SipCore, Grammar } from 'sip.js';
import type { Core } from 'sip.js';
import type { Instant, Ms } from '../../core/time.js';
import { DIALOG_INFO_CONTENT_TYPE } from '../blf/dialogInfoBody.js';
import type { SipClock, SipLog } from '../types.js';
import type { DialogEntry } from './parseDialogInfo.js';
import { parseDialogInfo } from './parseDialogInfo.js';
import { deriveRemoteState } from './remoteLineState.js';
import { deltaSecondsMs, RETRY_AFTER_MAX_MS } from './deltaSecondsMs.js';
import type { RemoteLineState } from './remoteLineState.js';
import type { SubscribePolicy } from './SubscribePolicy.js';
import { parseSubscriptionState } from './SubscribePolicy.js';

export interface RemoteSubscriptionOptions {
  /** The remote line's id here (or `probe`). */
  id: string;
  /** The presentity subscribed to: `sip:<line>@<site domain>`. */
  uri: string;
  core: Core.UserAgentCore;
  routeSet: readonly string[];
  clock: SipClock;
  log: SipLog;
  policy: SubscribePolicy;
  /** Expires asked for, and the fraction of the grant at which it is refreshed. */
  expires: Ms;
  refreshAt: number;
  random: () => number;
  /** The derived state changed; null: no live subscription, the lamp is `unknown`. */
  changed: (state: RemoteLineState | null, dialogs: readonly DialogEntry[]) => void;
  /** A refresh got 481: the server lost its subscriptions (K4). */
  serverLost: () => void;
}

export type SubscriptionPhase = 'subscribing' | 'active' | 'retrying' | 'failed' | 'stopped';

/** One remote line as `keyline status` shows it. */
export interface RemoteSubscriptionStatus {
  id: string;
  uri: string;
  phase: SubscriptionPhase;
  /** The derived state; null while it is not known (the lamp is `unknown`). */
  state: RemoteLineState | null;
  /** The last accepted document's version on this subscription. */
  version: number | null;
  lastNotify: Instant | null;
  /** When the grant runs out without a refresh. */
  expiresAt: Instant | null;
  subscribes: number;
  /** NOTIFYs whose body was refused (malformed, oversized, wrong entity) or discarded (old version). */
  refused: number;
  lastError: { t: Instant; error: string } | null;
  /** The live dialog's identifiers (for tracing it in the server's logs); null without one. */
  dialog: { callId: string; localTag: string; remoteTag: string } | null;
}

/**
 * keyline as RFC 6665 subscriber to one remote line (presence.md §4), on the presence user agent:
 *
 * ```
 *   start ─> subscribing ──2xx + NOTIFY──> active ──refresh 2xx──> active
 *               │  ▲                          │ 481 / terminated / expiry / Timer N / timeout
 *               ▼  │ backoff                  ▼
 *            retrying <───────────────────────┘        stopped (shutdown), failed (rejected)
 * ```
 * - subscribing: a SUBSCRIBE is out; a NOTIFY may come before its 2xx and is taken.
 * - active: a dialog with a grant; refreshed at `refreshAt` of it; the lamp shows the last
 *   accepted document. Only here is the state known.
 * - retrying: no live subscription (lamp `unknown`); a new out-of-dialog SUBSCRIBE is due.
 * - failed: the server refused for good (`reason=rejected|invariant`): no retry.
 * - stopped: shut down (an `Expires: 0` was sent if a dialog was live).
 *
 * Every NOTIFY is answered at once: 200 for a document taken or an old version discarded
 * (RFC 4235 §4.4), 400 for a malformed document or a wrong entity, 413 for an oversized body;
 * a refused body never changes the state. Timers run on the injected clock.
 */
export class RemoteSubscription {
  private phase: SubscriptionPhase = 'retrying';
  private gen = 0;
  private outgoing: Core.OutgoingSubscribeRequest | null = null;
  private dialog: Core.Subscription | null = null;
  private state: RemoteLineState | null = null;
  private dialogs = new Map<string, DialogEntry>();
  private version: number | null = null;
  private gotNotify = false;
  private asked: Ms;
  private backoff: Ms;
  private readonly timers = new Map<'answer' | 'notify' | 'refresh' | 'expiry' | 'retry', unknown>();
  private expiresAt: Instant | null = null;
  private lastNotify: Instant | null = null;
  private subscribes = 0;
  private refused = 0;
  private lastError: RemoteSubscriptionStatus['lastError'] = null;
  private readonly uri: Core.URI;

  constructor(private readonly o: RemoteSubscriptionOptions) {
    const uri = Grammar.URIParse(o.uri);
    if (!uri) throw new TypeError(`RemoteSubscription: uri must be a SIP URI, got "${o.uri}"`);
    this.uri = uri;
    this.asked = o.expires;
    this.backoff = o.policy.backoffMin;
  }

  get id(): string {
    return this.o.id;
  }

  /** Subscribes now (also after a server restart: any current dialog is dropped first). */
  subscribe(): void {
    if (this.phase === 'stopped') return;
    this.drop();
    this.phase = 'subscribing';
    this.setState(null);
    const gen = this.gen;
    this.subscribes++;
    try {
      const c = this.o.core;
      const headers = ['Event: dialog', `Accept: ${DIALOG_INFO_CONTENT_TYPE}`, `Expires: ${Math.round(this.asked / 1000)}`, `Contact: ${c.configuration.contact.toString()}`];
      const msg = c.makeOutgoingRequestMessage('SUBSCRIBE', this.uri, c.configuration.aor, this.uri, { routeSet: [...this.o.routeSet] }, headers);
      this.outgoing = c.subscribe(msg, {
        onAccept: (r) => this.guard(() => this.accepted(gen, r)),
        onReject: (r) => this.guard(() => this.rejected(gen, r)),
        onRedirect: (r) => this.guard(() => this.rejected(gen, r)),
        onNotify: ({ request, subscription }) => this.guard(() => this.firstNotify(gen, request, subscription)),
        // sip.js's own Timer N; ours runs on the injected clock and decides.
        onNotifyTimeout: () => undefined,
      });
      this.timer('answer', this.o.policy.answerTimeout, () => this.fail(gen, 'no answer to SUBSCRIBE'));
    } catch (err) {
      this.fail(gen, `SUBSCRIBE not sent: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Shutdown (presence.md §4): `Expires: 0` on a live dialog; resolves on its answer (the caller bounds the wait). */
  stop(): Promise<void> {
    const dialog = this.phase === 'active' ? this.dialog : null;
    this.phase = 'stopped';
    this.clearTimers();
    this.gen++;
    this.outgoing?.dispose();
    this.outgoing = null;
    this.dialog = null;
    if (dialog === null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      try {
        dialog.delegate = undefined;
        const req = dialog.unsubscribe();
        req.delegate = { onAccept: () => resolve(), onReject: () => resolve(), onRedirect: () => resolve() };
      } catch {
        resolve();
      }
    }).finally(() => dialog.dispose());
  }

  /** Timers and dialogs dropped without a word to the server (after `stop`'s bound, or in tests). */
  close(): void {
    this.phase = 'stopped';
    this.drop();
  }

  status(): RemoteSubscriptionStatus {
    return {
      id: this.o.id, uri: this.o.uri, phase: this.phase, state: this.state, version: this.version, lastNotify: this.lastNotify,
      expiresAt: this.expiresAt, subscribes: this.subscribes, refused: this.refused, lastError: this.lastError,
      dialog: this.dialog instanceof SipCore.SubscriptionDialog ? { callId: this.dialog.callId, localTag: this.dialog.localTag, remoteTag: this.dialog.remoteTag } : null,
    };
  }

  private accepted(gen: number, r: Core.IncomingResponse): void {
    if (gen !== this.gen) return;
    this.clearTimer('answer');
    this.granted(gen, r.message.getHeader('Expires'));
    // Timer N: a 2xx with no NOTIFY means the subscription is not there (RFC 6665 §4.1.2.4).
    if (!this.gotNotify) this.timer('notify', this.o.policy.notifyWait, () => this.fail(gen, 'no NOTIFY after the 2xx (Timer N)'));
  }

  private rejected(gen: number, r: Core.IncomingResponse): void {
    if (gen !== this.gen) return;
    const m = r.message;
    const status = m.statusCode ?? 0;
    const minExpires = Number(m.getHeader('Min-Expires'));
    if (status === 423 && Number.isInteger(minExpires) && minExpires > 0 && minExpires * 1000 > this.asked) {
      this.asked = minExpires * 1000;
      this.later(() => this.subscribe());
      return;
    }
    // Retry-After may carry a comment and parameters (`120;duration=60`): its leading seconds count.
    const retryAfter = deltaSecondsMs(m.getHeader('Retry-After'));
    this.fail(gen, `SUBSCRIBE answered ${status} ${m.reasonPhrase ?? ''}`.trim(), retryAfter === 0 ? null : retryAfter);
  }

  private firstNotify(gen: number, request: Core.IncomingNotifyRequest, subscription: Core.Subscription | undefined): void {
    if (gen !== this.gen) {
      request.reject({ statusCode: 481 });
      return;
    }
    if (subscription) {
      this.dialog = subscription;
      subscription.delegate = {
        onNotify: (uas) => this.guard(() => this.notify(gen, uas)),
        // sip.js ends the dialog before it reports the refresh's 481: let the report decide first.
        onTerminated: () => this.later(() => this.terminated(gen)),
      };
    }
    this.notify(gen, request);
  }

  private notify(gen: number, uas: Core.IncomingNotifyRequest): void {
    if (gen !== this.gen) {
      uas.reject({ statusCode: 481 });
      return;
    }
    const m = uas.message;
    const now = this.o.clock.now();
    this.gotNotify = true;
    this.clearTimer('notify');
    this.clearTimer('answer');
    const sub = parseSubscriptionState(m.getHeader('Subscription-State'));
    const body = m.body ?? '';
    let apply: (() => void) | null = null;
    if (sub?.state !== 'terminated' && body.trim() !== '') {
      const type = (m.getHeader('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
      const parsed = parseDialogInfo(body);
      const refuse = (status: number, reason: string, why: string) => {
        uas.reject({ statusCode: status, reasonPhrase: reason });
        this.refused++;
        this.lastError = { t: now, error: why };
        this.o.log.log('warning', 'presence.subscriber', { event: 'notify-refused', line: this.o.id, status, reason: why });
      };
      if (type !== DIALOG_INFO_CONTENT_TYPE) return refuse(415, 'Unsupported Media Type', `a body of type "${(type ?? '').slice(0, 60)}"`);
      if (!parsed.ok) return parsed.code === 'too-large' ? refuse(413, 'Request Entity Too Large', parsed.reason) : refuse(400, 'Bad Dialog Info', parsed.reason);
      const doc = parsed.doc;
      if (!sameEntity(doc.entity, this.o.uri)) return refuse(400, 'Wrong Entity', `entity ${doc.entity.slice(0, 80)} is not ${this.o.uri}`);
      if (this.version !== null && doc.version <= this.version) {
        uas.accept();
        this.refused++;
        this.lastError = { t: now, error: `version ${doc.version} after ${this.version}: discarded` };
        this.o.log.log('warning', 'presence.subscriber', { event: 'notify-old-version', line: this.o.id, version: doc.version, last: this.version });
        return;
      }
      if (doc.state === 'partial' && (this.version === null || doc.version !== this.version + 1)) {
        uas.accept();
        this.o.log.log('notice', 'presence.subscriber', { event: 'partial-after-gap', line: this.o.id, version: doc.version, last: this.version });
        this.later(() => this.subscribe());
        return;
      }
      apply = () => {
        this.version = doc.version;
        if (doc.state === 'full') this.dialogs = new Map();
        for (const d of doc.dialogs) this.dialogs.set(d.id, d);
        this.lastNotify = now;
        this.backoff = this.o.policy.backoffMin;
        this.phase = 'active';
        const dialogs = [...this.dialogs.values()];
        this.setState(deriveRemoteState(dialogs), dialogs);
      };
    }
    uas.accept(); // at once, before any other work (presence.md §4)
    if (sub?.state === 'terminated') {
      this.serverEnded(gen, sub.reason, sub.retryAfter);
      return;
    }
    if (sub?.expires !== null && sub?.expires !== undefined) this.granted(gen, String(sub.expires / 1000));
    if (apply) apply();
    else if (body.trim() === '') this.o.log.log('notice', 'presence.subscriber', { event: 'notify-empty', line: this.o.id });
  }

  private serverEnded(gen: number, reason: string | null, retryAfter: Ms | null): void {
    if (reason === 'rejected' || reason === 'invariant') {
      this.drop();
      this.phase = 'failed';
      this.setState(null);
      this.lastError = { t: this.o.clock.now(), error: `subscription ended by the server: ${reason}` };
      this.o.log.log('error', 'presence.subscriber', { event: 'subscription-refused', line: this.o.id, uri: this.o.uri, reason });
      return;
    }
    this.fail(gen, `subscription ended by the server${reason ? `: ${reason}` : ''}`, retryAfter);
  }

  private terminated(gen: number): void {
    if (gen !== this.gen || this.phase === 'stopped' || this.phase === 'failed') return;
    this.fail(gen, 'subscription dialog terminated');
  }

  private refresh(gen: number): void {
    if (gen !== this.gen) return;
    const dialog = this.dialog;
    if (dialog === null) return this.fail(gen, 'no dialog to refresh');
    try {
      const req = dialog.refresh();
      req.delegate = {
        onAccept: (r) => this.guard(() => {
          if (gen !== this.gen) return;
          this.clearTimer('answer');
          this.granted(gen, r.message.getHeader('Expires'));
          // A refresh is answered by a NOTIFY too (RFC 6665 §4.2.1.2); none (e.g. the server's
          // NOTIFYs refused as out of order after a forged CSeq) means the dialog is not usable.
          this.timer('notify', this.o.policy.notifyWait, () => this.fail(gen, 'no NOTIFY after the refresh (Timer N)'));
        }),
        onReject: (r) => this.guard(() => {
          if (gen !== this.gen) return;
          const status = r.message.statusCode ?? 0;
          if (status === 481) {
            this.o.log.log('notice', 'presence.subscriber', { event: 'server-lost', line: this.o.id, status });
            this.fail(gen, 'refresh answered 481: the server lost the subscription', 0);
            this.o.serverLost();
            return;
          }
          this.fail(gen, `refresh answered ${status}`);
        }),
      };
      this.timer('answer', this.o.policy.answerTimeout, () => this.fail(gen, 'no answer to the refresh'));
    } catch (err) {
      this.fail(gen, `refresh not sent: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A 2xx or NOTIFY granted `expires` seconds: refresh at `refreshAt` of it; at its end, unknown. */
  private granted(gen: number, expires: string | undefined): void {
    const secs = Number(expires);
    const grant = Number.isFinite(secs) && secs > 0 ? Math.min(secs * 1000, this.asked) : this.asked;
    this.expiresAt = this.o.clock.now() + grant;
    this.timer('refresh', Math.max(1000, grant * this.o.refreshAt), () => this.refresh(gen));
    this.timer('expiry', grant, () => this.fail(gen, 'the subscription expired without a refresh'));
  }

  /** The subscription is gone: lamp unknown, a new SUBSCRIBE after `after` (a server's Retry-After or retry-after, capped), else a jittered backoff. */
  private fail(gen: number, why: string, after: Ms | null = null): void {
    if (gen !== this.gen || this.phase === 'stopped') return;
    this.drop();
    this.phase = 'retrying';
    this.setState(null);
    this.lastError = { t: this.o.clock.now(), error: why };
    const delay = after !== null ? Math.min(after, RETRY_AFTER_MAX_MS) : Math.round(this.backoff * (0.75 + 0.5 * this.o.random()));
    if (after === null) this.backoff = Math.min(this.backoff * 2, this.o.policy.backoffMax);
    this.o.log.log('warning', 'presence.subscriber', { event: 'subscription-lost', line: this.o.id, reason: why, retryIn: delay });
    this.timer('retry', delay, () => this.subscribe());
  }

  private drop(): void {
    this.gen++;
    this.clearTimers();
    const { outgoing, dialog } = this;
    this.outgoing = null;
    this.dialog = null;
    this.gotNotify = false;
    this.version = null;
    this.expiresAt = null;
    try {
      if (dialog) dialog.delegate = undefined;
      outgoing?.dispose();
      dialog?.dispose();
    } catch (err) {
      this.o.log.log('warning', 'presence.subscriber', { event: 'dispose-failed', line: this.o.id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private setState(state: RemoteLineState | null, dialogs: readonly DialogEntry[] = []): void {
    if (state === null) this.dialogs = new Map();
    const before = this.state;
    this.state = state;
    if (before !== state || state !== null) this.o.changed(state, dialogs);
  }

  private timer(name: 'answer' | 'notify' | 'refresh' | 'expiry' | 'retry', ms: Ms, fn: () => void): void {
    this.clearTimer(name);
    this.timers.set(name, this.o.clock.setTimeout(() => {
      this.timers.delete(name);
      this.guard(fn);
    }, ms));
  }

  private clearTimer(name: 'answer' | 'notify' | 'refresh' | 'expiry' | 'retry'): void {
    const t = this.timers.get(name);
    if (t !== undefined) this.o.clock.clearTimeout(t);
    this.timers.delete(name);
  }

  private clearTimers(): void {
    for (const t of this.timers.values()) this.o.clock.clearTimeout(t);
    this.timers.clear();
  }

  /** New requests never start inside sip.js's own callbacks, only after they return. */
  private later(fn: () => void): void {
    const gen = this.gen;
    queueMicrotask(() => this.guard(() => {
      if (gen === this.gen) fn();
    }));
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.o.log.log('error', 'presence.subscriber', { event: 'handler-failed', line: this.o.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** Whether a document's entity names the subscribed presentity (user and host, case-insensitive host, no parameters). */
function sameEntity(entity: string, uri: string): boolean {
  const norm = (u: string) => {
    const bare = u.trim().replace(/^<|>$/g, '').split(';')[0] ?? '';
    const at = bare.lastIndexOf('@');
    return at < 0 ? bare.toLowerCase() : `${bare.slice(0, at)}@${bare.slice(at + 1).toLowerCase()}`.replace(/^sips?:/i, 'sip:');
  };
  return norm(entity) === norm(uri);
}
