import { createHash, timingSafeEqual } from 'node:crypto';

/** The digest algorithms keyline offers (RFC 7616 §3.3, RFC 8760 for SIP), strongest first. */
export type DigestAlgorithm = 'SHA-256' | 'MD5';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

const NODE_HASH: Record<DigestAlgorithm, string> = { 'SHA-256': 'sha256', MD5: 'md5' };

/** `H(data)` of RFC 7616 §3.4.1: lower-case hex of the UTF-8 text's hash. */
export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(NODE_HASH[algorithm]).update(text, 'utf8').digest('hex');
}

/** The algorithm a client named (RFC 7616: absent means MD5), or undefined when not offered. */
export function algorithmOf(name: string | undefined): DigestAlgorithm | undefined {
  const upper = (name ?? 'MD5').toUpperCase();
  return DIGEST_ALGORITHMS.find((a) => a === upper);
}

/**
 * Compares two texts in time that depends only on their lengths, so a response cannot be guessed
 * one character at a time from how fast it is refused.
 */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}
