import type { Instant } from '../../core/time.js';

/**
 * The highest nonce count (RFC 7616 §3.4 `nc`) accepted per nonce, so a captured request cannot
 * be replayed while its nonce is fresh. Only nonces that carried a correct digest get an entry,
 * so an attacker without a password cannot grow it; entries go when their nonce goes stale.
 */
export class NonceCounts {
  private readonly counts = new Map<string, { nc: number; until: Instant }>();
  private sweepAt = 64;

  /** True, and remembered, if `nc` is above every count seen with this key (nonce); false for a replay. */
  accept(key: string, nc: number, until: Instant, now: Instant): boolean {
    const seen = this.counts.get(key);
    if (seen !== undefined && nc <= seen.nc) return false;
    this.counts.set(key, { nc, until });
    if (this.counts.size >= this.sweepAt) this.sweep(now);
    return true;
  }

  get size(): number {
    return this.counts.size;
  }

  private sweep(now: Instant): void {
    for (const [key, entry] of this.counts) if (entry.until < now) this.counts.delete(key);
    this.sweepAt = Math.max(64, this.counts.size * 2);
  }
}
