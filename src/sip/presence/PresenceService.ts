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
}

/**
 * The upstream side of presence (DESIGN.md: "a separate [user agent faces] the upstream
 * presence server"): its own sip.js core on an ephemeral port, digest credentials for the
 * server's challenges, the route set towards it, and the publisher of every line. Nothing here
 * can delay or stop the key system: failures are logged, shown in status and retried.
 */
export class PresenceService {
  private constructor(private readonly ua: UserAgentCoreHandle, readonly publisher: PresencePublisher) {}

  static async start(o: PresenceServiceOptions): Promise<PresenceService> {
    const { settings, log } = o;
    const address = o.listen?.address ?? '0.0.0.0';
    const advertisedHost = o.listen?.advertisedHost ?? (address !== '0.0.0.0' ? address : await localAddressTowards(settings.server.host, settings.server.port));
    const ua = await createUserAgentCore({
      listen: { address, port: 0, advertisedHost, tcp: true },
      clock: o.clock, log, version: o.version, component: 'presence', user: 'keyline', aor: `sip:keyline@${o.domain}`,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
    const routeSet = [...(settings.outboundProxy ? [hopRoute(settings.outboundProxy)] : []), hopRoute(settings.server)];
    const server = `${settings.server.host}:${settings.server.port};transport=${settings.server.transport}`;
    const publisher = new PresencePublisher({
      send: sipPublishSender(ua.core, routeSet, log), domain: o.domain, view: o.view, clock: o.clock, log, expires: settings.expires,
      store: o.store, server, ...(o.policy ? { policy: o.policy } : {}),
    });
    const restored = publisher.start(o.lines);
    log.log('notice', 'presence', { event: 'publishing', server, local: `${ua.transport.local.host}:${ua.transport.local.port}`, lines: o.lines.length, restored });
    return new PresenceService(ua, publisher);
  }

  lineChanged(line: string): void {
    this.publisher.lineChanged(line);
  }

  status(): PresenceStatus {
    return this.publisher.status();
  }

  /** Removes every live publication (bounded, presence.md §3 rule 8), then closes the user agent. */
  async stop(): Promise<void> {
    await this.publisher.stop();
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
