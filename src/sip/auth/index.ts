/** Digest authentication of phones (RFC 3261 §22.4, RFC 7616, RFC 8760) and its brute-force limits. */
export { AuthLimiter } from './AuthLimiter.js';
export type { AuthLimiterOptions, BlockedAddress } from './AuthLimiter.js';
export { DigestServer } from './DigestServer.js';
export type { DigestServerOptions } from './DigestServer.js';
export type { DigestOutcome, DigestRejection } from './DigestOutcome.js';
export type { DigestAlgorithm } from './digestHash.js';
export { SipAuthenticator } from './SipAuthenticator.js';
export type { AuthDecision } from './SipAuthenticator.js';
