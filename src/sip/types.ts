import type { CoreClock, Instant, Ms } from '../core/time.js';

/**
 * Shared vocabulary of the SIP layer (src/sip). The layer imports sip.js, node:dgram/net/crypto
 * and core types only (DESIGN.md); the composition root gives it a clock and a log.
 */

export type SipClock = CoreClock;

export type SipLogLevel = 'error' | 'warning' | 'notice' | 'info' | 'debug';

/** Structurally the service's Logger: one line per event, key=value fields. */
export interface SipLog {
  log(level: SipLogLevel, component: string, fields: Record<string, string | number | boolean | null | undefined>): void;
}

export type SipProto = 'UDP' | 'TCP';

/** Where a message came from or goes to: the transport and the remote address and port. */
export interface Flow {
  proto: SipProto;
  address: string;
  port: number;
}

/** One registered contact of a SIP station (RFC 3261 §10). */
export interface Binding {
  station: string;
  /** The Contact URI as the phone gave it. */
  contact: string;
  /** The flow the REGISTER arrived on: requests to this contact go back over it (NAT, TCP reuse). */
  flow: Flow;
  expiresAt: Instant;
  callId: string;
  cseq: number;
  userAgent?: string;
}

/** A SIP station's credentials, from the configuration (never logged). */
export interface SipCredentials {
  station: string;
  /** The digest username; the station id unless configured. */
  username: string;
  password: string;
}

/** Listening and identity settings of the LAN-facing user agent. */
export interface SipListen {
  address: string;
  port: number;
  /** The host written into Via and Contact; the listen address unless it is 0.0.0.0. */
  advertisedHost: string;
  tcp: boolean;
}

/** REGISTER expiry bounds of the registrar (RFC 3261 §10.3), in milliseconds. */
export interface SipRegistrationPolicy {
  /** Shorter requests are refused with 423 Interval Too Brief and this as `Min-Expires`. */
  minExpires: Ms;
  /** Longer requests are granted this. */
  maxExpires: Ms;
  /** Granted when a contact asks for no interval. */
  defaultExpires: Ms;
}

/** Brute-force protection of digest authentication, per source address (AuthLimiter). */
export interface SipSecurityPolicy {
  /** Failures tolerated within `window`: the next one blocks the address for `blockFor`. */
  authFailures: number;
  window: Ms;
  blockFor: Ms;
}

/** The configuration's `sip:` section, resolved: the LAN-facing user agent is on. */
export interface SipSettings {
  listen: SipListen;
  /** Digest realm; the site domain unless configured. */
  realm: string;
  /** Digest algorithms offered, in order (RFC 8760: SHA-256 first). */
  digest: Array<'SHA-256' | 'MD5'>;
  registration: SipRegistrationPolicy;
  security: SipSecurityPolicy;
}
