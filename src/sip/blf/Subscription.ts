import type { Instant } from '../../core/time.js';
import type { SipClock, SipLog } from '../types.js';
import type { DialogInfoView } from './DialogInfoView.js';
import { dialogInfoBody, withVersion } from './dialogInfoBody.js';
import type { NotifyChannel } from './NotifyChannel.js';
import type { NotifyFailurePolicy } from './NotifierPolicy.js';
import { retryDelay } from './NotifierPolicy.js';
import type { NotifyOutcome } from './notifyOutcome.js';
import type { DropReason, FinalReason, SubscriptionRow } from './SubscriptionRecord.js';

export interface SubscriptionInit {
  id: string;
  subscriber: string | null;
  viewer: string | null;
  line: string;
  channel: NotifyChannel;
  clock: SipClock;
  log: SipLog;
  /** The view now; null when the line or the viewer's appearance is gone (ends it: noresource). */
  view: () => DialogInfoView | null;
  failures: NotifyFailurePolicy;
  /** The version of the first NOTIFY: 0 for a new subscription, the persisted one on resume. */
  nextVersion: number;
  /** Called once when it has ended, after its last NOTIFY. */
  onEnded: (sub: Subscription, why: FinalReason | DropReason) => void;
}

/**
 * One watcher of one (viewer, line): the notifier side of RFC 6665 for the dialog package.
 *
 * ```
 * active ──end(reason)/expiry──> ending ──final NOTIFY answered──> ended
 *   │                                                                 ^
 *   └──481 / failures exhausted / dispose ────────────────────────────┘ (no NOTIFY)
 * ```
 *
 * - active: a NOTIFY goes out when its body changed, on every grant (SUBSCRIBE or refresh) and on
 *   resync; one at a time, changes meanwhile collapse into the newest state (lamps.md §4.4).
 * - ending: the final NOTIFY (`terminated;reason=…`, with the newest body) waits only for the
 *   one in flight; it is always sent.
 * - ended: nothing more is sent; `onEnded` has run.
 *
 * Each NOTIFY carries the next version, a retry included, so a document is never sent twice
 * with one version. Failures follow `NotifyFailurePolicy`; a retry always sends the newest state.
 */
export class Subscription {
  readonly id: string;
  readonly subscriber: string | null;
  readonly viewer: string | null;
  readonly line: string;

  private phase: 'active' | 'ending' | 'ended' = 'active';
  private finalReason: FinalReason = 'timeout';
  private nextVersion: number;
  private expiresAt: Instant = 0;
  private expiryTimer: unknown = null;
  private retryTimer: unknown = null;
  private inFlight = false;
  /** Something happened that may change the body: look at the view again before going idle. */
  private recheck = false;
  /** A NOTIFY is owed even if the body did not change (SUBSCRIBE, refresh, resync, retry). */
  private forced = false;
  /** The body last sent at version 0: a change is a different document, not a new version. */
  private lastKey: string | null = null;
  private failures = 0;

  constructor(private readonly init: SubscriptionInit) {
    this.id = init.id;
    this.subscriber = init.subscriber;
    this.viewer = init.viewer;
    this.line = init.line;
    this.nextVersion = init.nextVersion;
  }

  /** Neither ending nor ended: refreshes are accepted. */
  get active(): boolean {
    return this.phase === 'active';
  }

  /** When it expires unless refreshed, on the SipClock. */
  get expiry(): Instant {
    return this.expiresAt;
  }

  get versionNext(): number {
    return this.nextVersion;
  }

  /**
   * A SUBSCRIBE (initial or refresh) granted `seconds`: a full-state NOTIFY follows at once
   * (RFC 6665 §4.2.1.2). 0 ends it with a final NOTIFY (unsubscribe, or a fetch, §4.4.3).
   */
  grant(seconds: number): void {
    if (this.phase !== 'active') return;
    this.clearRetry(); // the subscriber just spoke: no point waiting out a backoff
    if (seconds === 0) {
      this.end('timeout');
      return;
    }
    this.setExpiry(seconds * 1000);
    this.resync();
  }

  /** Resumes a persisted subscription with `ms` left, sending nothing until `resync()`. */
  resume(ms: number): void {
    if (this.phase !== 'active') return;
    this.setExpiry(ms);
  }

  /** The view may have changed: a NOTIFY goes out if the body did. */
  changed(): void {
    if (this.phase !== 'active') return;
    this.recheck = true;
    this.pump();
  }

  /** A full-state NOTIFY goes out whether or not the body changed (lamps.md §4.4 resync). */
  resync(): void {
    if (this.phase !== 'active') return;
    this.forced = true;
    this.recheck = true;
    this.pump();
  }

  /** Ends it with a final NOTIFY `terminated;reason=<reason>` carrying the newest state. */
  end(reason: FinalReason): void {
    if (this.phase !== 'active') return;
    this.phase = 'ending';
    this.finalReason = reason;
    this.clearExpiry();
    this.clearRetry();
    this.pump();
  }

  /** Ends it at once without a NOTIFY (the subscriber is gone or unreachable, or we shut down). */
  drop(why: DropReason): void {
    if (this.phase === 'ended') return;
    this.finish(why);
  }

  row(now: Instant): SubscriptionRow {
    return {
      id: this.id, subscriber: this.subscriber, viewer: this.viewer, line: this.line,
      expiresIn: this.phase === 'active' ? Math.max(0, Math.floor((this.expiresAt - now) / 1000)) : 0,
      version: this.nextVersion === 0 ? null : this.nextVersion - 1,
      state: this.phase === 'active' ? 'active' : 'ending',
      notifying: this.inFlight,
      failures: this.failures,
    };
  }

  // ---- sending -------------------------------------------------------------------------------
  private pump(): void {
    if (this.phase === 'ended' || this.inFlight || this.retryTimer !== null) return;
    if (this.phase === 'ending') {
      this.sendFinal();
      return;
    }
    if (!this.recheck) return;
    this.recheck = false;
    const doc = this.render();
    if (doc === 'gone') {
      this.end('noresource');
      return;
    }
    if (doc === null || (!this.forced && doc.key === this.lastKey)) return;
    this.forced = false;
    this.lastKey = doc.key;
    const remaining = Math.max(0, Math.floor((this.expiresAt - this.init.clock.now()) / 1000));
    this.send(`active;expires=${remaining}`, doc.body(this.nextVersion++), (o) => this.answered(o));
  }

  private sendFinal(): void {
    const doc = this.render();
    const body = doc === 'gone' || doc === null ? null : doc.body(this.nextVersion++);
    const reason = this.finalReason;
    // The last word: whatever the answer, the subscription is over.
    this.send(`terminated;reason=${reason}`, body, () => this.finish(reason));
  }

  /**
   * The current document: its version-free key and a renderer; `gone` without a view; null if
   * building it failed (a bug, logged: the subscription stays and the next change may render).
   */
  private render(): { key: string; body: (version: number) => string } | 'gone' | null {
    try {
      const view = this.init.view();
      if (view === null) return 'gone';
      const key = dialogInfoBody(view, 0);
      return { key, body: (v) => withVersion(key, v) };
    } catch (err) {
      this.log('error', { event: 'render-failed', error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }

  private send(state: string, body: string | null, done: (o: NotifyOutcome) => void): void {
    this.inFlight = true;
    const settle = (o: NotifyOutcome) => {
      this.inFlight = false;
      if (this.phase !== 'ended') done(o);
    };
    try {
      this.init.channel.send(state, body, settle);
    } catch (err) {
      // The stack refused to build or send it (no transport?): a failure like any other, never a stall.
      this.log('error', { event: 'notify-send-failed', error: err instanceof Error ? err.message : String(err) });
      settle({ kind: 'failed', status: 503 });
    }
  }

  private answered(o: NotifyOutcome): void {
    if (o.kind === 'ok') {
      this.failures = 0;
      this.pump();
      return;
    }
    if (o.kind === 'gone') {
      this.finish('gone');
      return;
    }
    if (this.phase === 'ending') {
      this.pump(); // the final NOTIFY goes out now, whatever became of this one
      return;
    }
    if (o.kind === 'timeout' && this.init.failures.timeoutEnds) {
      this.finish('notify-timeout');
      return;
    }
    this.failures += 1;
    if (this.failures > this.init.failures.retries) {
      this.finish('unreachable');
      return;
    }
    const delay = retryDelay(this.failures, this.init.failures);
    this.log('notice', { event: 'notify-retry', status: o.status, failures: this.failures, delayMs: delay });
    // The retry sends the newest state, with a new version (a phone may have seen the lost one).
    this.forced = true;
    this.recheck = true;
    this.retryTimer = this.init.clock.setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, delay);
  }

  private finish(why: FinalReason | DropReason): void {
    const level = why === 'gone' || why === 'unreachable' || why === 'notify-timeout' ? 'warning' : 'info';
    this.phase = 'ended';
    this.clearExpiry();
    this.clearRetry();
    this.init.channel.close();
    this.log(level, { event: 'subscription-ended', why, version: this.nextVersion - 1, failures: this.failures });
    this.init.onEnded(this, why);
  }

  // ---- timers --------------------------------------------------------------------------------
  private setExpiry(ms: number): void {
    this.clearExpiry();
    const clock = this.init.clock;
    this.expiresAt = clock.now() + ms;
    this.expiryTimer = clock.setTimeout(() => {
      this.expiryTimer = null;
      this.end('timeout');
    }, ms);
  }

  private clearExpiry(): void {
    if (this.expiryTimer !== null) this.init.clock.clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.init.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private log(level: 'error' | 'warning' | 'notice' | 'info', fields: Record<string, string | number | boolean | null>): void {
    this.init.log.log(level, 'blf', { id: this.id, subscriber: this.subscriber, viewer: this.viewer, line: this.line, ...fields });
  }
}
