import type { CallerId } from './callerId.js';
import type { Instant } from './time.js';

export type CallOutcome =
  | 'completed' | 'abandoned' | 'unanswered' | 'forwarded' | 'seize-failed' | 'seize-abandoned'
  | 'dropped-on-hold' | 'interrupted' | 'failed';

/** Something a station did during a line call, for the call log. */
export interface CallStep {
  t: Instant;
  what: 'answered' | 'seized' | 'barged' | 'held' | 'held-private' | 'resumed' | 'picked-up' | 'left' | 'recalled' | 'forwarded' | 'took-over';
  station?: string;
}

/** One line call as the call log keeps it (sla.md §3.2). Times are core instants. */
export interface CallRecord {
  id: string;
  line: string;
  seq: number;
  direction: 'in' | 'out';
  callerId: CallerId | null;
  digits: string;
  glare: boolean;
  t0: Instant;
  answeredAt: Instant | null;
  answeredBy: string | null;
  endedAt: Instant | null;
  outcome: CallOutcome | null;
  steps: CallStep[];
}
