import type { PresenceSettings } from '../sip/presence/PresenceSettings.js';
import { PRESENCE_URI } from './presenceSchema.js';
import type { SiteFile } from './schema.js';
import { secondsToMs } from './schemaPrimitives.js';

/** presence.md §3 rule 7: ask for 600 s. */
const DEFAULT_PUBLICATION_EXPIRES = secondsToMs(600);

/** The `presence:` section with defaults applied (TCP, 600 s), or null when the file has none. */
export function resolvePresence(file: SiteFile): PresenceSettings | null {
  const p = file.presence;
  if (p === undefined) return null;
  return {
    server: hop(p.server),
    outboundProxy: p.outboundProxy === undefined ? null : hop(p.outboundProxy),
    expires: p.expires ?? DEFAULT_PUBLICATION_EXPIRES,
    credentials: p.username !== undefined && p.password !== undefined ? { username: p.username, password: p.password } : null,
  };
}

function hop(uri: string): PresenceSettings['server'] {
  const m = PRESENCE_URI.exec(uri);
  if (!m?.[1]) throw new TypeError(`resolvePresence: ${uri} passed the schema but is not a presence URI`);
  const transport = (m[3] ?? 'tcp').toLowerCase() === 'udp' ? 'udp' : 'tcp';
  return { host: m[1].toLowerCase(), port: m[2] === undefined ? 5060 : Number(m[2]), transport };
}
