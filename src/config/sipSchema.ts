import { z } from 'zod';
import { bool, positiveDuration, wholeNumber } from './schemaPrimitives.js';
import { advertisedHost, ipv4, password, portNumber, realm, username, wholeSeconds } from './sipPrimitives.js';

/**
 * The optional `sip:` section: where the LAN-facing user agent listens, the digest realm, the
 * registrar's expiry bounds and the brute-force limits. Without the section SIP is off (no phone
 * can register); with it, every SIP station needs a password (sipChecks). Durations come out in
 * milliseconds.
 */
export const sipSectionSchema = z.strictObject(
  {
    listen: z
      .strictObject({
        address: ipv4().optional(),
        port: portNumber().optional(),
        advertise: advertisedHost().optional(),
        tcp: bool().optional(),
      })
      .optional(),
    realm: realm().optional(),
    // RFC 8760: SHA-256 first; a site with phones (or test peers such as SIPp) that only take the
    // first challenge and only know MD5 lists MD5 alone.
    digest: z
      .array(z.enum(['SHA-256', 'MD5'], { error: 'expected SHA-256 or MD5' }))
      .min(1, 'list at least one digest algorithm')
      .refine((a) => new Set(a).size === a.length, 'each algorithm once')
      .optional(),
    registration: z
      .strictObject({
        // RFC 3261 §10.3 lets a registrar refuse (423) only intervals under one hour.
        minExpires: wholeSeconds(3600, 'must be at most 3600 s: RFC 3261 §10.3 lets a registrar refuse only intervals under an hour').optional(),
        maxExpires: wholeSeconds().optional(),
        defaultExpires: wholeSeconds().optional(),
      })
      .optional(),
    security: z
      .strictObject({
        authFailures: wholeNumber(1, 'authFailures must be at least 1: with 0 one mistyped password would block a phone').optional(),
        window: positiveDuration('failures are counted within this time').optional(),
        blockFor: positiveDuration('an address that keeps guessing passwords must be blocked for some time').optional(),
      })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'expected a mapping such as { listen: { address: 192.168.1.10 } }' : undefined,
  },
);

/** Keys of a station that only SIP phones take (sipChecks refuses them on other kinds). */
export const sipStationShape = {
  username: username().optional(),
  password: password().optional(),
  panelAutoAnswer: bool().optional(),
};

export const SIP_STATION_KEYS = ['username', 'password', 'panelAutoAnswer'] as const;

export type SipSection = z.output<typeof sipSectionSchema>;
