import type { Core } from 'sip.js';
import type { Lamp } from '../../core/lamp.js';
import type { Instant } from '../../core/time.js';
import type { DialogInfoView } from '../blf/DialogInfoView.js';
import type { SipClock, SipLog } from '../types.js';
import type { DialogEntry } from './parseDialogInfo.js';
import { remoteLamp } from './remoteLineState.js';
import { RemoteSubscription } from './RemoteSubscription.js';
import type { RemoteSubscriptionStatus } from './RemoteSubscription.js';
import type { SubscribePolicy } from './SubscribePolicy.js';
import { DEFAULT_SUBSCRIBE_POLICY } from './SubscribePolicy.js';

/** A line of another site shown here (configuration `remoteLines:`). */
export interface RemoteLineDef {
  id: string;
  uri: string;
  label: string;
}

export interface PresenceSubscriberOptions {
  core: Core.UserAgentCore;
  routeSet: readonly string[];
  clock: SipClock;
  log: SipLog;
  lines: readonly RemoteLineDef[];
  /** The probe presentity (K4): the site's own first line, or null for no probe. */
  probe: string | null;
  /** A remote line's lamp changed (lamps.md §2 remote mapping: never "mine"; `unknown` without a live subscription). */
  changed: (id: string, lamp: Lamp) => void;
  /** The server lost its state (481 on a refresh): the publisher republishes. */
  serverLost: () => void;
  policy?: Partial<SubscribePolicy>;
  random?: () => number;
  /** First call seq of remote dialogs shown to phones (ids `<id>-<seq>`); e.g. the start time in seconds, so ids do not repeat across restarts. */
  seqBase?: number;
}

/** A remote line in `keyline status`: its subscription and what its lamp shows. */
export interface RemoteLineStatus extends RemoteSubscriptionStatus {
  label: string;
  lamp: Lamp;
  /** When the lamp last changed. */
  since: Instant | null;
}

interface Remote {
  def: RemoteLineDef;
  sub: RemoteSubscription;
  lamp: Lamp;
  since: Instant | null;
  seq: number;
  dialogs: readonly DialogEntry[];
}

/**
 * keyline as subscriber to the remote lines it shows (presence.md §4, §7), plus the probe
 * subscription of K4: a 481 on any refresh, or a 412 the publisher reports, means the server
 * restarted and lost its state; then every remote line is subscribed again at once (and the
 * publisher republishes), so lamps are right again within the probe's refresh interval.
 */
export class PresenceSubscriber {
  private readonly remotes = new Map<string, Remote>();
  private readonly probe: RemoteSubscription | null;
  private readonly policy: SubscribePolicy;
  private lastLost: Instant | null = null;
  private stopped = false;

  constructor(private readonly o: PresenceSubscriberOptions) {
    this.policy = { ...DEFAULT_SUBSCRIBE_POLICY, ...o.policy };
    const random = o.random ?? Math.random;
    const common = { core: o.core, routeSet: o.routeSet, clock: o.clock, log: o.log, policy: this.policy, random, serverLost: () => this.serverLost() };
    let seq = o.seqBase ?? 0;
    for (const def of o.lines) {
      const remote: Remote = {
        def, lamp: 'unknown', since: null, seq: seq++, dialogs: [],
        sub: new RemoteSubscription({
          ...common, id: def.id, uri: def.uri, expires: this.policy.expires, refreshAt: this.policy.refreshAt,
          changed: (state, dialogs) => this.changed(remote, remoteLamp(state), dialogs),
        }),
      };
      this.remotes.set(def.id, remote);
    }
    let probeKnown = false;
    this.probe = o.probe === null ? null : new RemoteSubscription({
      ...common, id: 'probe', uri: o.probe, expires: this.policy.probeExpires, refreshAt: this.policy.probeRefreshAt,
      // The probe lost (its refresh timed out or failed): the server is gone or lost its state;
      // no remote line may keep showing a state nobody refreshes (presence.md §4: unknown).
      changed: (state) => {
        if (state === null && probeKnown) this.serverLost();
        probeKnown = state !== null;
      },
    });
  }

  start(): void {
    this.probe?.subscribe();
    for (const r of this.remotes.values()) r.sub.subscribe();
  }

  /** The lamp of remote line `id`, or null if there is no such remote line. */
  lamp(id: string): Lamp | null {
    return this.remotes.get(id)?.lamp ?? null;
  }

  has(id: string): boolean {
    return this.remotes.has(id);
  }

  /**
   * The dialog-info view of remote line `id` for local phones (lamps.md §4.1: remote lines are
   * served from keyline's own subscriptions with the remote mapping), entity `sip:<id>@<domain>`.
   */
  view(id: string, domain: string): DialogInfoView | null {
    const r = this.remotes.get(id);
    if (!r) return null;
    const live = r.dialogs.find((d) => d.state !== 'terminated') ?? null;
    const identity = live?.remote ?? null;
    const user = identity ? /^sips?:([^@;>]+)@/i.exec(identity.uri)?.[1] : undefined;
    const callerId = identity ? { ...(user !== undefined && user !== 'anonymous' ? { number: user } : {}), ...(identity.display ? { name: identity.display } : {}) } : null;
    return {
      line: id, label: r.def.label, domain, lamp: r.lamp, lastSeq: r.seq, lineSeizing: false,
      call: { seq: r.seq, direction: live?.direction === 'initiator' ? 'out' : 'in', callerId, digits: '' },
      callerIdOn: callerId !== null,
    };
  }

  /** The server lost its state (K4): every remote line (and the probe) subscribes again now; the publisher republishes. */
  serverLost(): void {
    if (this.stopped) return;
    const now = this.o.clock.now();
    // Every subscription's refresh may report the same restart: act once.
    if (this.lastLost !== null && now - this.lastLost < this.policy.backoffMin) return;
    this.lastLost = now;
    this.o.log.log('notice', 'presence.subscriber', { event: 'resubscribe-all', lines: this.remotes.size });
    queueMicrotask(() => {
      if (this.stopped) return;
      this.probe?.subscribe();
      for (const r of this.remotes.values()) r.sub.subscribe();
      try {
        this.o.serverLost();
      } catch (err) {
        this.o.log.log('error', 'presence.subscriber', { event: 'server-lost-handler-failed', error: err instanceof Error ? err.message : String(err) });
      }
    });
  }

  status(): { probe: RemoteSubscriptionStatus | null; lines: RemoteLineStatus[] } {
    return {
      probe: this.probe?.status() ?? null,
      lines: [...this.remotes.values()].map((r) => ({ ...r.sub.status(), label: r.def.label, lamp: r.lamp, since: r.since })),
    };
  }

  /** Shutdown: `Expires: 0` for every live subscription, bounded by `stopWithin` in total. */
  async stop(): Promise<void> {
    this.stopped = true;
    let timer: unknown;
    const bound = new Promise<void>((r) => { timer = this.o.clock.setTimeout(r, this.policy.stopWithin); });
    const all = [...this.remotes.values()].map((r) => r.sub.stop());
    if (this.probe) all.push(this.probe.stop());
    await Promise.race([Promise.all(all), bound]);
    this.o.clock.clearTimeout(timer);
    for (const r of this.remotes.values()) r.sub.close();
    this.probe?.close();
  }

  private changed(r: Remote, lamp: Lamp, dialogs: readonly DialogEntry[]): void {
    const live = dialogs.find((d) => d.state !== 'terminated')?.id;
    const wasLive = r.dialogs.find((d) => d.state !== 'terminated')?.id;
    // A new remote call gets a new dialog id towards local phones (lamps.md §4.4: ids never reused).
    if (live !== undefined && live !== wasLive) r.seq++;
    r.dialogs = dialogs;
    if (lamp === r.lamp && live === wasLive) return;
    const before = r.lamp;
    r.lamp = lamp;
    r.since = this.o.clock.now();
    if (before !== lamp) this.o.log.log('info', 'presence.subscriber', { event: 'remote-lamp', line: r.def.id, lamp });
    try {
      this.o.changed(r.def.id, lamp);
    } catch (err) {
      this.o.log.log('error', 'presence.subscriber', { event: 'lamp-handler-failed', line: r.def.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
