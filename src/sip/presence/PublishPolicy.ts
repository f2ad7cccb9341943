import type { Ms } from '../../core/time.js';
import { deltaSecondsMs, RETRY_AFTER_MAX_MS } from './deltaSecondsMs.js';

/** Timing of the publisher (presence.md §3 rules 6–8). */
export interface PublishPolicy {
  /** Refresh at this fraction of the granted Expires (rule 7: 80 %). */
  refreshAt: number;
  /** First retry delay after a 408, 5xx or transport error; doubles up to `backoffMax` (rule 6). */
  backoffMin: Ms;
  backoffMax: Ms;
  /**
   * No final response within this long counts as a timeout (408) on keyline's own clock, so a
   * server that never answers cannot hold a line's publisher forever; a late response is ignored.
   */
  answerTimeout: Ms;
  /** Every live publication removed within this long at shutdown (rule 8: 2 s in total). */
  stopWithin: Ms;
}

export const DEFAULT_PUBLISH_POLICY: PublishPolicy = Object.freeze({
  refreshAt: 0.8,
  backoffMin: 1000,
  backoffMax: 60_000,
  answerTimeout: 40_000,
  stopWithin: 2000,
});

/** What a final response means for the publication (presence.md §3 rules 2, 4, 5, 6). */
export type Outcome =
  | { kind: 'ok'; etag: string | null; expires: Ms | null }
  | { kind: 'etag-unknown' }
  | { kind: 'too-brief'; minExpires: Ms | null }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'retry'; status: number; reason: string; retryAfter: Ms | null };

/** Responses that mean the configuration is wrong: retrying would only repeat them (rule 6). */
const REFUSED = new Set([400, 401, 403, 404, 407, 415, 489]);

export interface ResponseFacts {
  status: number;
  reason: string;
  etag: string | undefined;
  expires: string | undefined;
  minExpires: string | undefined;
  retryAfter: string | undefined;
}

/**
 * The meaning of a final response. 401/407 reach the publisher only when digest authentication
 * failed (sip.js answers the first challenge itself), so they count as a configuration error.
 */
export function classify(r: ResponseFacts): Outcome {
  if (r.status >= 200 && r.status < 300) {
    const etag = r.etag?.trim();
    return { kind: 'ok', etag: etag === undefined || etag === '' ? null : etag, expires: deltaSecondsMs(r.expires) };
  }
  if (r.status === 412) return { kind: 'etag-unknown' };
  if (r.status === 423) return { kind: 'too-brief', minExpires: deltaSecondsMs(r.minExpires) };
  if (REFUSED.has(r.status)) return { kind: 'refused', status: r.status, reason: r.reason };
  return { kind: 'retry', status: r.status, reason: r.reason, retryAfter: deltaSecondsMs(r.retryAfter) };
}

/** Jittered exponential backoff: attempt 1 waits about `backoffMin`, each next one twice as long. */
export function backoffDelay(policy: PublishPolicy, attempt: number, random: () => number, retryAfter: Ms | null): Ms {
  const base = Math.min(policy.backoffMax, policy.backoffMin * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const jittered = Math.round(base * (0.5 + random() / 2));
  return retryAfter === null ? jittered : Math.max(jittered, Math.min(retryAfter, RETRY_AFTER_MAX_MS));
}
