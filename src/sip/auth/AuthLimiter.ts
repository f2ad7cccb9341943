import type { Instant } from '../../core/time.js';
import type { SipClock, SipLog, SipSecurityPolicy } from '../types.js';

export interface AuthLimiterOptions {
  policy: SipSecurityPolicy;
  clock: SipClock;
  log?: SipLog;
  /**
   * Challenges (401) per second one address may get; a burst of as many is allowed, so a phone
   * registering a dozen accounts at boot is not slowed. 20.
   */
  challengesPerSecond?: number;
  /** Addresses tracked at most; past this, idle ones are forgotten first. 10,000. */
  maxTracked?: number;
}

export interface BlockedAddress {
  address: string;
  /** Instant on the SipClock at which the block ends. */
  until: Instant;
}

interface Source {
  /** Instants of the failures still inside the window, oldest first. */
  failures: Instant[];
  tokens: number;
  tokensAt: Instant;
  blockedUntil?: Instant;
  unblock?: unknown;
}

/**
 * Brute-force protection per source address, on the SipClock. More than `authFailures` failures
 * within `window` block the address for `blockFor`; a block ends by a timer, never by a success
 * from elsewhere. A blocked address gets no digest work: the transport SHOULD drop its datagrams
 * and connections before parsing (`isBlocked`), and a request that still reaches the user agent
 * is answered 403 at once (an unanswered sip.js server transaction would never end). Challenges
 * are capped per address (a token bucket); a request over the cap counts as a failure, so a flood
 * of 10,000 REGISTERs gets a few dozen answers and is then dropped.
 *
 * Behind one NAT address, phones share its fate; on the LAN each phone has its own. A forged UDP
 * source can get an address blocked: that is the price of any per-address limit.
 */
export class AuthLimiter {
  private readonly policy: SipSecurityPolicy;
  private readonly clock: SipClock;
  private readonly log: SipLog | undefined;
  private readonly rate: number;
  private readonly maxTracked: number;
  private readonly sources = new Map<string, Source>();

  constructor(options: AuthLimiterOptions) {
    const { policy } = options;
    if (!(policy.authFailures >= 1) || !(policy.window > 0) || !(policy.blockFor > 0)) {
      throw new RangeError('AuthLimiter: policy needs authFailures >= 1, window > 0 and blockFor > 0');
    }
    this.policy = policy;
    this.clock = options.clock;
    this.log = options.log;
    this.rate = options.challengesPerSecond ?? 20;
    this.maxTracked = options.maxTracked ?? 10_000;
    if (!(this.rate > 0)) throw new RangeError('AuthLimiter: challengesPerSecond must be > 0');
  }

  /** Cheap enough to run on every datagram before it is parsed. */
  isBlocked(address: string): boolean {
    return this.sources.get(address)?.blockedUntil !== undefined;
  }

  /** Takes one challenge from the address's allowance; false when it has none left this second. */
  allowChallenge(address: string): boolean {
    const source = this.source(address);
    const now = this.clock.now();
    source.tokens = Math.min(this.rate, source.tokens + ((now - source.tokensAt) / 1000) * this.rate);
    source.tokensAt = now;
    if (source.tokens < 1) return false;
    source.tokens -= 1;
    return true;
  }

  /** Counts a failed authentication; true if it blocked the address. */
  failure(address: string): boolean {
    const source = this.source(address);
    if (source.blockedUntil !== undefined) return false;
    const now = this.clock.now();
    source.failures = source.failures.filter((t) => now - t < this.policy.window);
    source.failures.push(now);
    if (source.failures.length <= this.policy.authFailures) return false;
    this.block(address, source, now);
    return true;
  }

  /** A correct password: this address's earlier failures were typing, not guessing. */
  success(address: string): void {
    const source = this.sources.get(address);
    if (source !== undefined && source.blockedUntil === undefined) source.failures = [];
  }

  /** The blocked addresses, for status; soonest unblocked first. */
  blocked(): BlockedAddress[] {
    const out: BlockedAddress[] = [];
    for (const [address, s] of this.sources) if (s.blockedUntil !== undefined) out.push({ address, until: s.blockedUntil });
    return out.sort((a, b) => a.until - b.until || a.address.localeCompare(b.address));
  }

  /** How many addresses it remembers (blocked, counting failures or challenges): for metrics. */
  get trackedCount(): number {
    return this.sources.size;
  }

  /** Lifts a block now (operator command); false if the address was not blocked. */
  unblock(address: string): boolean {
    const source = this.sources.get(address);
    if (source?.blockedUntil === undefined) return false;
    this.clock.clearTimeout(source.unblock);
    this.sources.delete(address);
    this.log?.log('notice', 'sip', { event: 'auth-unblocked', address, by: 'operator' });
    return true;
  }

  /** Stops every timer; the limiter forgets everything. */
  dispose(): void {
    for (const s of this.sources.values()) if (s.unblock !== undefined) this.clock.clearTimeout(s.unblock);
    this.sources.clear();
  }

  private block(address: string, source: Source, now: Instant): void {
    source.blockedUntil = now + this.policy.blockFor;
    source.unblock = this.clock.setTimeout(() => {
      this.sources.delete(address);
      this.log?.log('notice', 'sip', { event: 'auth-unblocked', address });
    }, this.policy.blockFor);
    this.log?.log('warning', 'sip', {
      event: 'auth-blocked', address, failures: source.failures.length, window: this.policy.window / 1000, for: this.policy.blockFor / 1000,
    });
    source.failures = [];
  }

  private source(address: string): Source {
    let source = this.sources.get(address);
    if (source === undefined) {
      if (this.sources.size >= this.maxTracked) this.forgetIdle();
      source = { failures: [], tokens: this.rate, tokensAt: this.clock.now() };
      this.sources.set(address, source);
    }
    return source;
  }

  /**
   * Makes room: forgets addresses with no recent failure and a full allowance, then, if a flood
   * from many addresses left none such, the oldest unblocked ones. Blocks are never forgotten.
   */
  private forgetIdle(): void {
    const now = this.clock.now();
    const refill = 1000;
    for (const [address, s] of this.sources) {
      if (s.blockedUntil !== undefined) continue;
      const recent = s.failures.some((t) => now - t < this.policy.window);
      if (!recent && now - s.tokensAt >= refill) this.sources.delete(address);
    }
    for (const [address, s] of this.sources) {
      if (this.sources.size < this.maxTracked) break;
      if (s.blockedUntil === undefined) this.sources.delete(address);
    }
  }
}
