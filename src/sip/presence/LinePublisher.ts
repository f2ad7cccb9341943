import type { Instant, Ms } from '../../core/time.js';
import type { DialogInfoView } from '../blf/DialogInfoView.js';
import { dialogInfoBody } from '../blf/dialogInfoBody.js';
import { sipUser } from '../blf/sipUser.js';
import type { SipClock, SipLog } from '../types.js';
import type { PublicationRecord } from './PublicationRecord.js';
import type { PublishPolicy, ResponseFacts } from './PublishPolicy.js';
import { backoffDelay, classify } from './PublishPolicy.js';
import type { PublishRequest, PublishSender } from './PublishSender.js';

/**
 * The RFC 3903 publisher (EPA) of one line (presence.md §3):
 *
 * ```
 *  (no publication) ──live call──> initial ──2xx──> published ──change/refresh──> modify ──2xx──┐
 *        ^                                              ^   └───────────────────────────────────┘
 *        │                                              └── 412: initial again, same dialog id (K3)
 *        └──2xx/412── remove (Expires 0) <──2xx── modify to terminated <── call over / next call
 *  any 408, 5xx, transport error: backoff (1 s → 60 s, jittered), then the NEWEST state
 *  400/403/404/415/489, failed digest: halted (logged once, alarm in status)
 * ```
 *
 * One PUBLISH in flight at a time (rule 3): changes meanwhile are coalesced; whatever is sent
 * next is built from the newest wanted state. Every PUBLISH but a removal carries the full body
 * (K1), refreshes included. Fire-and-forget for the caller: `want()` never throws and never waits.
 */

/** The line's wanted state: a live call's outsider view, or no publication (idle). */
type Wanted = { kind: 'live'; seq: number; view: DialogInfoView } | { kind: 'none'; error: boolean };

interface Publication {
  seq: number;
  etag: string | null;
  /** The version of the next document (RFC 4235 §4.1: +1 per document). */
  version: number;
  /** The view last sent (as JSON), to send only real changes; null: nothing accepted yet. */
  sent: string | null;
  /** `terminated` accepted: the only PUBLISH left is the removal. */
  ended: boolean;
  expires: Ms;
  refreshDue: boolean;
}

export type PublisherPhase = 'idle' | 'published' | 'sending' | 'backoff' | 'halted';

export interface LinePublisherStatus {
  line: string;
  phase: PublisherPhase;
  /** The live publication's dialog id (`<line>-<seq>`), if any. */
  dialogId: string | null;
  inFlight: boolean;
  /** Ms until the next retry while backing off. */
  retryIn: Ms | null;
  failures: number;
  lastSuccess: Instant | null;
  lastError: { t: Instant; error: string } | null;
}

export interface LinePublisherOptions {
  line: string;
  domain: string;
  clock: SipClock;
  log: SipLog;
  send: PublishSender;
  policy: PublishPolicy;
  /** The Expires asked for (presence.md §3 rule 7). */
  expires: Ms;
  random: () => number;
  /** A publication started or ended: the set of live ones is saved. */
  changed: () => void;
  /** A 412: the server lost its state (K4); the caller republishes every line at once. */
  serverLost: () => void;
}

export class LinePublisher {
  private wanted: Wanted = { kind: 'none', error: false };
  private pub: Publication | null = null;
  private inFlight: { token: number; timer: unknown } | null = null;
  private token = 0;
  private retry: { timer: unknown; at: Instant } | null = null;
  private refreshTimer: unknown = null;
  private failures = 0;
  private halted = false;
  private closed = false;
  private expires: Ms;
  private lastSuccess: Instant | null = null;
  private lastError: { t: Instant; error: string } | null = null;
  private settledWaiters: Array<() => void> = [];
  readonly uri: string;

  constructor(private readonly o: LinePublisherOptions, restored?: PublicationRecord) {
    this.expires = o.expires;
    this.uri = `sip:${sipUser(o.line)}@${o.domain}`;
    // After a restart: the same dialog id, no ETag; the idle line then ends it (K3).
    if (restored) this.pub = { seq: restored.seq, etag: null, version: restored.version, sent: null, ended: false, expires: o.expires, refreshDue: false };
  }

  get line(): string {
    return this.o.line;
  }

  /** The live publication to save, if any. */
  record(): PublicationRecord | null {
    return this.pub === null ? null : { line: this.o.line, seq: this.pub.seq, version: this.pub.version };
  }

  /** The line's state changed (or may have): `view` is its outsider view now, null if the line is gone. */
  want(view: DialogInfoView | null): void {
    this.wanted = wantedOf(view);
    this.pump();
  }

  /** The server lost its state (a 412 elsewhere, K4): the next PUBLISH is initial, same dialog id. */
  republish(): void {
    if (this.pub === null || this.closed) return;
    this.pub.etag = null;
    this.pub.refreshDue = true;
    if (this.retry !== null) this.cancelRetry();
    this.pump();
  }

  /** Shutdown (rule 8): end and remove the live publication now, skipping any backoff. */
  finish(): Promise<void> {
    this.wanted = { kind: 'none', error: false };
    this.cancelRetry();
    this.pump();
    return this.settled();
  }

  /** Resolves when nothing is left to send (no publication, or halted/failing). */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** Stops every timer; a response still on its way is ignored. */
  close(): void {
    this.closed = true;
    this.cancelRetry();
    this.o.clock.clearTimeout(this.refreshTimer);
    if (this.inFlight) this.o.clock.clearTimeout(this.inFlight.timer);
    this.inFlight = null;
    this.wake();
  }

  status(): LinePublisherStatus {
    const now = this.o.clock.now();
    const phase: PublisherPhase = this.halted ? 'halted' : this.inFlight ? 'sending' : this.retry ? 'backoff' : this.pub ? 'published' : 'idle';
    return {
      line: this.o.line, phase, dialogId: this.pub ? `${this.o.line}-${this.pub.seq}` : null, inFlight: this.inFlight !== null,
      retryIn: this.retry ? Math.max(0, this.retry.at - now) : null, failures: this.failures, lastSuccess: this.lastSuccess, lastError: this.lastError,
    };
  }

  private isSettled(): boolean {
    return this.closed || this.halted || (this.inFlight === null && (this.retry !== null || this.next() === null));
  }

  private wake(): void {
    if (!this.isSettled()) return;
    const w = this.settledWaiters;
    this.settledWaiters = [];
    for (const f of w) f();
  }

  /** Sends the next PUBLISH if one is due and none is in flight or waiting out a backoff. */
  private pump(): void {
    if (this.closed || this.halted || this.inFlight !== null || this.retry !== null) return this.wake();
    const step = this.next();
    if (step === null) return this.wake();
    if (step.start) {
      this.pub = { seq: step.start, etag: null, version: 0, sent: null, ended: false, expires: this.expires, refreshDue: false };
      this.o.changed();
    }
    this.sendNow(step.request, step.sentView);
  }

  /** The PUBLISH the wanted state needs now, if any (presence.md §3 rules 1, 4, 7). */
  private next(): { request: PublishRequest; sentView: string | null; start?: number } | null {
    const pub = this.pub;
    const w = this.wanted;
    const base = { uri: this.uri, expiresMs: this.expires };
    if (pub !== null && (w.kind === 'none' || w.seq !== pub.seq)) {
      if (!pub.ended) {
        const view = endedView(pub.seq, w, this.o);
        return { request: { ...base, etag: pub.etag, body: dialogInfoBody(view, pub.version) }, sentView: null };
      }
      return { request: { ...base, etag: pub.etag, expiresMs: 0, body: null }, sentView: null };
    }
    if (w.kind === 'none') return null;
    if (pub === null) {
      return { request: { ...base, etag: null, body: dialogInfoBody(w.view, 0) }, sentView: JSON.stringify(w.view), start: w.seq };
    }
    const key = JSON.stringify(w.view);
    if (key === pub.sent && pub.etag !== null && !pub.refreshDue) return null;
    return { request: { ...base, etag: pub.etag, body: dialogInfoBody(w.view, pub.version) }, sentView: key };
  }

  private sendNow(request: PublishRequest, sentView: string | null): void {
    const pub = this.pub;
    if (pub === null) return;
    const token = ++this.token;
    const removal = request.body === null;
    if (!removal) pub.version++;
    pub.refreshDue = false;
    const timer = this.o.clock.setTimeout(() => this.answered(token, request, sentView, timeoutFacts()), this.o.policy.answerTimeout);
    this.inFlight = { token, timer };
    this.o.log.log('debug', 'presence', { event: 'publish', line: this.o.line, dialog: `${this.o.line}-${pub.seq}`, etag: request.etag ?? 'none', expires: request.expiresMs / 1000, body: !removal });
    this.o.send(request, (facts) => this.answered(token, request, sentView, facts));
  }

  private answered(token: number, request: PublishRequest, sentView: string | null, facts: ResponseFacts): void {
    if (this.closed || this.inFlight?.token !== token) return;
    this.o.clock.clearTimeout(this.inFlight.timer);
    this.inFlight = null;
    const pub = this.pub;
    if (pub === null) return this.pump();
    const outcome = classify(facts);
    const now = this.o.clock.now();
    const removal = request.expiresMs === 0;
    switch (outcome.kind) {
      case 'ok':
        this.failures = 0;
        this.lastSuccess = now;
        if (removal) return this.removed();
        pub.etag = outcome.etag;
        if (sentView !== null) pub.sent = sentView;
        else pub.ended = true;
        pub.expires = outcome.expires !== null && outcome.expires > 0 ? outcome.expires : this.expires;
        this.scheduleRefresh(pub);
        return this.pump();
      case 'etag-unknown':
        // The server lost the publication (a restart, K4, or an ETag raced): gone if we were removing it.
        this.note(now, '412 Conditional Request Failed');
        if (removal) return this.removed();
        pub.etag = null;
        pub.refreshDue = true;
        this.o.serverLost();
        return this.retryOrPump(now, 'repeated 412', null);
      case 'too-brief': {
        const min = outcome.minExpires;
        if (min === null || min <= this.expires) return this.backoff(now, '423 without a usable Min-Expires', null);
        this.expires = min;
        pub.expires = min;
        pub.refreshDue = true;
        return this.pump();
      }
      case 'refused':
        this.halted = true;
        this.note(now, `${outcome.status} ${outcome.reason}`);
        this.o.log.log('error', 'presence', {
          event: 'publish-refused', line: this.o.line, status: outcome.status, reason: outcome.reason,
          effect: 'this line is no longer published', fix: 'check the presence: section and the server\'s configuration, then restart',
        });
        return this.wake();
      case 'retry':
        return this.backoff(now, `${outcome.status} ${outcome.reason}`, outcome.retryAfter);
    }
  }

  /** 412 loops (each initial PUBLISH refused again) back off like any failure after the first retry. */
  private retryOrPump(now: Instant, what: string, retryAfter: Ms | null): void {
    this.failures++;
    if (this.failures <= 1) return this.pump();
    this.backoff(now, what, retryAfter, false);
  }

  private backoff(now: Instant, error: string, retryAfter: Ms | null, count = true): void {
    if (count) this.failures++;
    this.note(now, error);
    const delay = backoffDelay(this.o.policy, this.failures, this.o.random, retryAfter);
    this.o.log.log('warning', 'presence', { event: 'publish-retry', line: this.o.line, error, attempt: this.failures, retryInMs: delay });
    const timer = this.o.clock.setTimeout(() => {
      this.retry = null;
      this.pump();
    }, delay);
    this.retry = { timer, at: now + delay };
    this.wake();
  }

  private note(t: Instant, error: string): void {
    this.lastError = { t, error };
  }

  private cancelRetry(): void {
    if (this.retry === null) return;
    this.o.clock.clearTimeout(this.retry.timer);
    this.retry = null;
  }

  private removed(): void {
    this.o.clock.clearTimeout(this.refreshTimer);
    this.pub = null;
    this.o.changed();
    this.pump();
  }

  private scheduleRefresh(pub: Publication): void {
    this.o.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = this.o.clock.setTimeout(() => {
      if (this.pub !== pub) return;
      pub.refreshDue = true;
      this.pump();
    }, Math.max(1000, Math.floor(pub.expires * this.o.policy.refreshAt)));
  }
}

function wantedOf(view: DialogInfoView | null): Wanted {
  const error = view !== null && (view.lamp === 'out-of-service' || view.lamp === 'unknown');
  if (view === null || view.call === null || view.lamp === 'idle' || error) return { kind: 'none', error };
  return { kind: 'live', seq: view.call.seq, view };
}

/**
 * The `terminated` document of publication `seq`: the idle body of lamps.md §4.2/§4.5, with
 * `event="error"` when the line went out of service.
 */
function endedView(seq: number, w: Wanted, o: { line: string; domain: string }): DialogInfoView {
  const label = w.kind === 'live' ? w.view.label : '';
  const lamp = w.kind === 'none' && w.error ? 'out-of-service' : 'idle';
  return { line: o.line, label, domain: o.domain, lamp, call: null, lastSeq: seq, lineSeizing: false, callerIdOn: false };
}

function timeoutFacts(): ResponseFacts {
  return { status: 408, reason: 'Request Timeout', etag: undefined, expires: undefined, minExpires: undefined, retryAfter: undefined };
}
