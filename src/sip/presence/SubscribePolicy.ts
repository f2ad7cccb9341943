import type { Ms } from '../../core/time.js';

/** Timing of the subscriber (presence.md §4 "keyline as subscriber", §6 K4). */
export interface SubscribePolicy {
  /** The Expires asked for on each remote line (600 s). */
  expires: Ms;
  /** Refresh at this fraction of the granted Expires (80 %). */
  refreshAt: number;
  /** The probe subscription to the site's own first line (K4): Expires 60 s ... */
  probeExpires: Ms;
  /** ... refreshed every 30 s (this fraction of its grant), so a server restart is noticed within that. */
  probeRefreshAt: number;
  /** Timer N (RFC 6665 §4.1.2.4): no NOTIFY this long after the 2xx means the subscription failed. */
  notifyWait: Ms;
  /** No final response to a SUBSCRIBE within this long counts as a timeout, on keyline's own clock. */
  answerTimeout: Ms;
  /** First retry delay after a failure; doubles (jittered) up to `backoffMax`. */
  backoffMin: Ms;
  backoffMax: Ms;
  /** Every subscription ended (`Expires: 0`) within this long at shutdown (2 s). */
  stopWithin: Ms;
}

export const DEFAULT_SUBSCRIBE_POLICY: SubscribePolicy = Object.freeze({
  expires: 600_000,
  refreshAt: 0.8,
  probeExpires: 60_000,
  probeRefreshAt: 0.5,
  notifyWait: 32_000,
  answerTimeout: 40_000,
  backoffMin: 1000,
  backoffMax: 60_000,
  stopWithin: 2000,
});

/** `Subscription-State` (RFC 6665 §8.2.3) as keyline reads it. */
export interface SubscriptionStateHeader {
  state: 'active' | 'pending' | 'terminated' | 'other';
  expires: Ms | null;
  reason: string | null;
  retryAfter: Ms | null;
}

/** Parses a `Subscription-State` value; null when absent or unreadable. */
export function parseSubscriptionState(value: string | undefined): SubscriptionStateHeader | null {
  if (value === undefined) return null;
  const [head, ...params] = value.split(';').map((p) => p.trim());
  const s = (head ?? '').toLowerCase();
  if (s === '') return null;
  const param = (name: string): string | undefined => {
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq > 0 && p.slice(0, eq).trim().toLowerCase() === name) return p.slice(eq + 1).trim();
    }
    return undefined;
  };
  const secs = (v: string | undefined): Ms | null => (v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) * 1000 : null);
  return {
    state: s === 'active' || s === 'pending' || s === 'terminated' ? s : 'other',
    expires: secs(param('expires')),
    reason: param('reason')?.toLowerCase() ?? null,
    retryAfter: secs(param('retry-after')),
  };
}
