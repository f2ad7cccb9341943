import type { LatenessSummary } from './LatenessWindow.js';

/** What the media clock has done since it was made (counts survive stops and restarts). */
export interface MediaClockStats {
  /** Ticks delivered to listeners. */
  ticks: number;
  /** Ticks dropped because the process stalled longer than the catch-up allowance. */
  skipped: number;
  /** Send-time lateness of the recent ticks: actual time minus the tick's deadline, in ms. */
  lateness: LatenessSummary;
}
