/**
 * How one NOTIFY ended, as the subscription needs it (RFC 6665 §4.2.2): `ok` (2xx); `gone` (481:
 * the subscriber has no such subscription); `timeout` (408 or no answer); `failed` (anything else,
 * transport errors included, which sip.js reports as a 503 it made up).
 */
export interface NotifyOutcome {
  kind: 'ok' | 'gone' | 'timeout' | 'failed';
  status: number;
}

export function notifyOutcome(status: number): NotifyOutcome {
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  if (status === 481) return { kind: 'gone', status };
  if (status === 408) return { kind: 'timeout', status };
  return { kind: 'failed', status };
}
