import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Instant, Ms } from '../../core/time.js';
import type { SipClock } from '../types.js';

/** What a nonce a client sent back is worth. */
export type NonceState =
  | { kind: 'fresh'; issuedAt: Instant }
  /** Issued here but older than the lifetime: the client should retry with a new one (stale=true). */
  | { kind: 'stale' }
  /** Not issued by this process (forged, damaged, or from before a restart). */
  | { kind: 'invalid' };

const TIME_BYTES = 8;
const RANDOM_BYTES = 8;
const MAC_BYTES = 16;
const NONCE_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;

/**
 * Mints and verifies digest nonces without remembering them: a nonce is its issue instant on the
 * SipClock and 8 random bytes, signed with HMAC-SHA-256 under a per-process secret, base64url.
 * A nonce from a previous run fails the signature, which is what a restart should do.
 */
export class NonceIssuer {
  private readonly secret: Buffer;

  constructor(
    private readonly clock: SipClock,
    /** How long a nonce stays fresh. */
    readonly lifetime: Ms,
    secret: Uint8Array = randomBytes(32),
  ) {
    if (!(lifetime > 0)) throw new RangeError(`NonceIssuer: lifetime must be > 0 ms, got ${lifetime}`);
    if (secret.length < 16) throw new RangeError('NonceIssuer: secret must be at least 16 bytes');
    this.secret = Buffer.from(secret);
  }

  issue(): string {
    const body = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
    body.writeDoubleBE(this.clock.now(), 0);
    randomBytes(RANDOM_BYTES).copy(body, TIME_BYTES);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  check(nonce: string): NonceState {
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== NONCE_BYTES || raw.toString('base64url') !== nonce) return { kind: 'invalid' };
    const body = raw.subarray(0, TIME_BYTES + RANDOM_BYTES);
    if (!timingSafeEqual(raw.subarray(TIME_BYTES + RANDOM_BYTES), this.mac(body))) return { kind: 'invalid' };
    const issuedAt = body.readDoubleBE(0);
    const age = this.clock.now() - issuedAt;
    if (!(age >= 0)) return { kind: 'invalid' };
    return age > this.lifetime ? { kind: 'stale' } : { kind: 'fresh', issuedAt };
  }

  /** A value the client must echo (RFC 7616 `opaque`): fixed for the process, tells nothing. */
  opaque(): string {
    return createHmac('sha256', this.secret).update('opaque').digest('base64url').slice(0, 22);
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
