import type { Instant, Ms } from '../../core/time.js';
import type { DialogInfoView } from '../blf/DialogInfoView.js';
import type { SipClock, SipLog } from '../types.js';
import { LinePublisher } from './LinePublisher.js';
import type { LinePublisherStatus } from './LinePublisher.js';
import type { PublicationRecord, PublicationStore } from './PublicationRecord.js';
import type { PublishPolicy } from './PublishPolicy.js';
import { DEFAULT_PUBLISH_POLICY } from './PublishPolicy.js';
import type { PublishSender } from './PublishSender.js';

export interface PresencePublisherOptions {
  send: PublishSender;
  domain: string;
  /** A line's outsider view now (lamps.md §2), null if there is no such line. */
  view: (line: string) => DialogInfoView | null;
  clock: SipClock;
  log: SipLog;
  /** The Expires asked for. */
  expires: Ms;
  store: PublicationStore;
  policy?: Partial<PublishPolicy>;
  random?: () => number;
  /** Names the server in status. */
  server?: string;
  /** A 412 told the server lost its state (K4): the subscriber subscribes again too. */
  onServerLost?: () => void;
}

/** The presence link as `keyline status` shows it. */
export interface PresenceStatus {
  server: string;
  lastSuccess: Instant | null;
  lastError: { t: Instant; line: string; error: string } | null;
  lines: LinePublisherStatus[];
}

/**
 * keyline as RFC 3903 publisher of all its lines (presence.md §3): one `LinePublisher` per line,
 * created when the line first changes or when the last run left a live publication for it. The
 * live publications (dialog ids, versions) are saved whenever one starts or ends, so that after a
 * restart the same dialog ids are published again at once (K3) instead of waiting for expiry.
 */
export class PresencePublisher {
  private readonly lines = new Map<string, LinePublisher>();
  private readonly policy: PublishPolicy;
  private stopping = false;

  constructor(private readonly o: PresencePublisherOptions) {
    this.policy = { ...DEFAULT_PUBLISH_POLICY, ...o.policy };
  }

  /** Takes up the publications the last run left and publishes every given line's state now. */
  start(lines: readonly string[]): number {
    let restored: PublicationRecord[] = [];
    try {
      restored = this.o.store.load();
    } catch (err) {
      this.o.log.log('warning', 'presence', { event: 'state-load-failed', error: err instanceof Error ? err.message : String(err) });
    }
    for (const r of restored) if (!this.lines.has(r.line)) this.lines.set(r.line, this.make(r.line, r));
    if (restored.length > 0) this.o.log.log('notice', 'presence', { event: 'state-restored', publications: restored.length });
    for (const line of new Set([...lines, ...restored.map((r) => r.line)])) this.lineChanged(line);
    return restored.length;
  }

  /** A line's state may have changed: its publisher sends the newest state when it can. Never throws. */
  lineChanged(line: string): void {
    if (this.stopping) return;
    try {
      let p = this.lines.get(line);
      const view = this.o.view(line);
      if (p === undefined) {
        if (view === null) return;
        p = this.make(line);
        this.lines.set(line, p);
      }
      p.want(view);
    } catch (err) {
      this.o.log.log('error', 'presence', { event: 'publish-failed', line, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The server lost its state (the subscriber saw a 481, K4): every live publication is published again at once. */
  republishAll(): void {
    if (this.stopping) return;
    for (const p of this.lines.values()) p.republish();
  }

  status(): PresenceStatus {
    const lines = [...this.lines.values()].map((p) => p.status()).sort((a, b) => a.line.localeCompare(b.line));
    let lastSuccess: Instant | null = null;
    let lastError: PresenceStatus['lastError'] = null;
    for (const l of lines) {
      if (l.lastSuccess !== null && (lastSuccess === null || l.lastSuccess > lastSuccess)) lastSuccess = l.lastSuccess;
      if (l.lastError !== null && (lastError === null || l.lastError.t > lastError.t)) lastError = { ...l.lastError, line: l.line };
    }
    return { server: this.o.server ?? '', lastSuccess, lastError, lines };
  }

  /**
   * Shutdown (rule 8): every live publication gets `terminated` and is removed, bounded by
   * `stopWithin` in total; what could not be removed stays saved for the next start.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    let timer: unknown;
    const bound = new Promise<void>((r) => { timer = this.o.clock.setTimeout(r, this.policy.stopWithin); });
    await Promise.race([Promise.all([...this.lines.values()].map((p) => p.finish())), bound]);
    this.o.clock.clearTimeout(timer);
    for (const p of this.lines.values()) p.close();
    this.save();
  }

  private make(line: string, restored?: PublicationRecord): LinePublisher {
    return new LinePublisher({
      line, domain: this.o.domain, clock: this.o.clock, log: this.o.log, send: this.o.send, policy: this.policy, expires: this.o.expires,
      random: this.o.random ?? Math.random,
      changed: () => this.save(),
      serverLost: () => {
        for (const other of this.lines.values()) if (other.line !== line) other.republish();
        this.o.onServerLost?.();
      },
    }, restored);
  }

  private save(): void {
    const records = [...this.lines.values()].flatMap((p) => p.record() ?? []);
    try {
      this.o.store.save(records);
    } catch (err) {
      this.o.log.log('warning', 'presence', { event: 'state-save-failed', error: err instanceof Error ? err.message : String(err) });
    }
  }
}
