import { createSocket } from 'node:dgram';
import type { DialogInfoView } from '../blf/DialogInfoView.js';
import { createUserAgentCore } from '../createUserAgentCore.js';
import type { UserAgentCoreHandle } from '../createUserAgentCore.js';
import type { SipClock, SipLog } from '../types.js';
import { PresencePublisher } from './PresencePublisher.js';
import type { PresenceStatus } from './PresencePublisher.js';
import type { PresenceSettings } from './PresenceSettings.js';
import { hopRoute } from './PresenceSettings.js';
import type { PublicationStore } from './PublicationRecord.js';
import type { PublishPolicy } from './PublishPolicy.js';
import { sipPublishSender } from './PublishSender.js';
import type { Lamp } from '../../core/lamp.js';
import { PresenceSubscriber } from './PresenceSubscriber.js';
import type { RemoteLineDef, RemoteLineStatus } from './PresenceSubscriber.js';
import type { RemoteSubscriptionStatus } from './RemoteSubscription.js';
import type { SubscribePolicy } from './SubscribePolicy.js';

export interface PresenceServiceOptions {
  settings: PresenceSettings;
  /** The site domain: presentities are `sip:<line>@<domain>`. */
  domain: string;
  /** The lines published from the start. */
  lines: readonly string[];
  view: (line: string) => DialogInfoView | null;
  clock: SipClock;
  log: SipLog;
  version: string;
  store: PublicationStore;
  /** The address to bind (default every address); the advertised host defaults to the one the kernel uses towards the server. */
  listen?: { address: string; advertisedHost?: string };
  policy?: Partial<PublishPolicy>;
  /** Other sites' lines shown here (configuration `remoteLines:`); subscribed to through the server. */
  remoteLines?: readonly RemoteLineDef[];
  /** A remote line's lamp changed (lamps.md §2 remote mapping). */
  remoteLamp?: (id: string, lamp: Lamp) => void;
  subscribePolicy?: Partial<SubscribePolicy>;
}

/** The presence link in `keyline status`: the publisher's side, the probe and every remote line. */
export interface PresenceLinkStatus extends PresenceStatus {
  probe: RemoteSubscriptionStatus | null;
  remoteLines: RemoteLineStatus[];
}

/**
 * The upstream side of presence (DESIGN.md: "a separate [user agent faces] the upstream
 * presence server"): its own sip.js core on an ephemeral port, digest credentials for the
 * server's challenges, the route set towards it, and the publisher of every line. Nothing here
 * can delay or stop the key system: failures are logged, shown in status and retried.
 */
export class PresenceService {
  private constructor(private readonly ua: UserAgentCoreHandle, readonly publisher: PresencePublisher, readonly subscriber: PresenceSubscriber) {}

  static async start(o: PresenceServiceOptions): Promise<PresenceService> {
    const { settings, log } = o;
    const address = o.listen?.address ?? '0.0.0.0';
    const advertisedHost = o.listen?.advertisedHost ?? (address !== '0.0.0.0' ? address : await localAddressTowards(settings.server.host, settings.server.port));
    const ua = await createUserAgentCore({
      listen: { address, port: 0, advertisedHost, tcp: true },
      clock: o.clock, log, version: o.version, component: 'presence', user: 'keyline', aor: `sip:keyline@${o.domain}`,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // A NOTIFY outside any subscription of ours (RFC 6665 §4.1.3): 481.
      delegate: { onNotify: (uas) => uas.reject({ statusCode: 481 }) },
    });
    const routeSet = [...(settings.outboundProxy ? [hopRoute(settings.outboundProxy)] : []), hopRoute(settings.server)];
    const server = `${settings.server.host}:${settings.server.port};transport=${settings.server.transport}`;
    let subscriber: PresenceSubscriber | null = null;
    const publisher = new PresencePublisher({
      send: sipPublishSender(ua.core, routeSet, log), domain: o.domain, view: o.view, clock: o.clock, log, expires: settings.expires,
      store: o.store, server, ...(o.policy ? { policy: o.policy } : {}),
      onServerLost: () => subscriber?.serverLost(),
    });
    const first = o.lines[0];
    subscriber = new PresenceSubscriber({
      core: ua.core, routeSet, clock: o.clock, log, lines: o.remoteLines ?? [],
      // K4: the probe watches the site's own first line, so a server restart is noticed within its refresh interval.
      probe: first !== undefined ? `sip:${first}@${o.domain}` : null,
      changed: (id, lamp) => o.remoteLamp?.(id, lamp),
      serverLost: () => publisher.republishAll(),
      seqBase: Math.floor(Date.now() / 1000) % 1_000_000_000,
      // Subscriptions ask for the same lifetime as publications (the presence: section's expires).
      policy: { expires: settings.expires, ...o.subscribePolicy },
    });
    const restored = publisher.start(o.lines);
    subscriber.start();
    log.log('notice', 'presence', {
      event: 'publishing', server, local: `${ua.transport.local.host}:${ua.transport.local.port}`, lines: o.lines.length, restored, remoteLines: (o.remoteLines ?? []).length,
    });
    return new PresenceService(ua, publisher, subscriber);
  }

  lineChanged(line: string): void {
    this.publisher.lineChanged(line);
  }

  status(): PresenceLinkStatus {
    const remote = this.subscriber.status();
    return { ...this.publisher.status(), probe: remote.probe, remoteLines: remote.lines };
  }

  /** Removes every live publication and ends every subscription (each bounded to 2 s, in parallel), then closes the user agent. */
  async stop(): Promise<void> {
    await Promise.all([this.publisher.stop(), this.subscriber.stop()]);
    await this.ua.close();
  }
}

/** The local address the kernel picks to reach `host` (no packet is sent); 127.0.0.1 if none. */
function localAddressTowards(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const done = (a: string) => {
      s.close();
      resolve(a);
    };
    s.on('error', () => done('127.0.0.1'));
    s.connect(port, host, () => {
      try {
        done(s.address().address);
      } catch {
        done('127.0.0.1');
      }
    });
  });
}
