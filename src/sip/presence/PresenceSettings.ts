import type { Ms } from '../../core/time.js';

/** One hop towards the presence server: where PUBLISHes are sent. */
export interface PresenceHop {
  host: string;
  port: number;
  transport: 'tcp' | 'udp';
}

/** The configuration's `presence:` section, resolved (presence.md §3). */
export interface PresenceSettings {
  /** The presence server; PUBLISHes carry it as their last Route (loose routing). */
  server: PresenceHop;
  /** A proxy in front of the server, first in the Route set; null when sent straight to it. */
  outboundProxy: PresenceHop | null;
  /** The Expires asked for (ms); the server's grant is what is refreshed (at 80 %). */
  expires: Ms;
  /** Digest credentials for 401/407 challenges; null when the server does not challenge. Never logged. */
  credentials: { username: string; password: string } | null;
}

/** The hop as a loose-route URI: `<sip:host:port;transport=..;lr>`. */
export function hopRoute(h: PresenceHop): string {
  return `<sip:${h.host}:${h.port};transport=${h.transport};lr>`;
}
