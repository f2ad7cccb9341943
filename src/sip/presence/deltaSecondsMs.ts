import type { Ms } from '../../core/time.js';

/**
 * The longest a server's Retry-After is honoured: a server that asks for days (or sends garbage
 * digits) never parks a line's presence for longer than this.
 */
export const RETRY_AFTER_MAX_MS: Ms = 3600_000;

/**
 * A delta-seconds header value in ms: `600`, and the leading delta-seconds of a Retry-After with
 * a comment or parameters (`120 (busy);duration=60`, RFC 3261 §20.33); null when absent or not a
 * number. Shared by the publisher and the subscriber, so both honour the same headers.
 */
export function deltaSecondsMs(value: string | undefined): Ms | null {
  const m = value === undefined ? null : /^\s*(\d{1,9})/.exec(value);
  return m?.[1] === undefined ? null : Number(m[1]) * 1000;
}
