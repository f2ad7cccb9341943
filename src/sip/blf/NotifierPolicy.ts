/** Grant bounds in seconds (RFC 6665 §4.2.1.1). */
export interface ExpiresBounds {
  /** Below this a SUBSCRIBE gets 423 with `Min-Expires` (0 is always allowed: fetch or end). */
  min: number;
  /** Longer requests are cut to this. */
  max: number;
  /** Granted when the SUBSCRIBE has no `Expires`. */
  default: number;
}

/** What a failed NOTIFY does to its subscription (presence.md §4). */
export interface NotifyFailurePolicy {
  /** Retries after a failed NOTIFY (5xx, transport error, other) before the subscription ends. */
  retries: number;
  /** A NOTIFY timing out (408) ends the subscription at once instead of being retried. */
  timeoutEnds: boolean;
  /** Delay before the first retry; each next one doubles, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/**
 * presence.md §4: grant at most 600 s (phones ask for up to 3600 s; a short grant bounds how
 * long a lamp can stay stale); a NOTIFY answered 481 ends the subscription. A NOTIFY that times
 * out or fails otherwise is retried once with the newest state (the SIP issue: a timeout must not
 * silently kill the lamp: retry and resync); if that fails too the subscription ends, as
 * presence.md §4 and Kamailio's timeout_rm_subs=1 end it — one retry later.
 */
export const DEFAULT_EXPIRES: Readonly<ExpiresBounds> = Object.freeze({ min: 60, max: 600, default: 600 });
export const DEFAULT_NOTIFY_FAILURES: Readonly<NotifyFailurePolicy> = Object.freeze({
  retries: 1, timeoutEnds: false, firstDelayMs: 2000, maxDelayMs: 60_000,
});

/** The delay before retry number `failures` (1 = the first): 2, 4, 8 … s, capped. */
export function retryDelay(failures: number, policy: NotifyFailurePolicy): number {
  return Math.min(policy.firstDelayMs * 2 ** Math.max(0, failures - 1), policy.maxDelayMs);
}

/** Misuse of the bounds throws at once, naming the field (STYLE.md 6). */
export function checkBounds(b: ExpiresBounds): ExpiresBounds {
  for (const k of ['min', 'max', 'default'] as const) {
    if (!Number.isInteger(b[k]) || b[k] < 1) throw new RangeError(`expires.${k} must be a whole number of seconds >= 1, got ${b[k]}`);
  }
  if (b.min > b.max) throw new RangeError(`expires.min (${b.min}) must not exceed expires.max (${b.max})`);
  if (b.default < b.min || b.default > b.max) throw new RangeError(`expires.default (${b.default}) must lie in [${b.min}, ${b.max}]`);
  return b;
}
