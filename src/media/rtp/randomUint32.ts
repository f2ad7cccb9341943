/**
 * A random unsigned 32-bit integer from the platform's cryptographic generator (the Web Crypto
 * global, no import): RFC 3550 §5.1 wants the initial SSRC, sequence number and timestamp
 * unpredictable. Tests inject their own source instead.
 */
export function randomUint32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
