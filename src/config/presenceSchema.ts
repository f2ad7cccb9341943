import { z } from 'zod';
import { password, username } from './sipPrimitives.js';
import { secondsToMs } from './schemaPrimitives.js';

/**
 * The optional `presence:` section (presence.md §3): the upstream presence server keyline
 * PUBLISHes its lines' dialog-info to, over a user agent of its own. Without the section nothing
 * is published. The password is never echoed (findingsFromZod hides `password` values).
 */

/** `sip:host[:port][;transport=tcp|udp]`: an IPv4 address or a DNS name, no user part. */
export const PRESENCE_URI = /^sip:((?:\d{1,3}\.){3}\d{1,3}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(\d{1,5}))?(?:;transport=(tcp|udp))?$/i;

const URI_HINT = 'expected a SIP URI with no user part, such as "sip:presence.example.net:5060;transport=tcp"';

function serverUri() {
  return z
    .string({ error: URI_HINT })
    .regex(PRESENCE_URI, URI_HINT)
    .refine((s) => {
      const port = PRESENCE_URI.exec(s)?.[2];
      return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    }, 'the port must be 1 to 65535');
}

/** Publication expiry (presence.md §3 rule 7): whole seconds, 60 to 3600; delivered in milliseconds. */
function publicationExpiry() {
  return z
    .number({ error: 'expected a whole number of seconds, 60 to 3600 (600 recommended)' })
    .int('expected a whole number of seconds: SIP expiry intervals are whole seconds')
    .min(60, 'must be at least 60 s: shorter publications cost a refresh every few seconds per line')
    .max(3600, 'must be at most 3600 s: a stale state would outlive a crash for over an hour')
    .transform(secondsToMs);
}

export const presenceSectionSchema = z.strictObject(
  {
    server: serverUri(),
    expires: publicationExpiry().optional(),
    username: username().optional(),
    password: password().optional(),
    outboundProxy: serverUri().optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'expected a mapping such as { server: "sip:presence.example.net;transport=tcp" }' : undefined,
  },
);

export type PresenceSection = z.output<typeof presenceSectionSchema>;
