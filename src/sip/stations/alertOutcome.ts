/**
 * How a phone's final response to an alert INVITE counts (sla.md §3.3): 486, 480, 600 and 603
 * are a decline ("do not ring again for this call": 480 is what phones send on do-not-disturb);
 * anything else that is not 2xx — 404, 408, 5xx, a timeout, a transport error — means the alert
 * did not reach the station, and it is retried with backoff. With several contacts (forking) the
 * alert fails only when every fork has.
 */
export type AlertOutcome = 'answered' | 'declined' | 'failed';

export function alertOutcome(status: number): AlertOutcome {
  if (status >= 200 && status < 300) return 'answered';
  if (status === 486 || status === 480 || status === 600 || status === 603) return 'declined';
  return 'failed';
}

/** The outcome of a forked alert from its forks' outcomes so far; null while undecided. */
export function forkedOutcome(outcomes: ReadonlyArray<AlertOutcome | null>): AlertOutcome | null {
  if (outcomes.includes('answered')) return 'answered';
  if (outcomes.includes('declined')) return 'declined';
  return outcomes.every((o) => o === 'failed') ? 'failed' : null;
}
