import type { MediaLog } from '../MediaEndpoint.js';
import type { MediaTimer } from './MediaTimer.js';

export interface MediaClockOptions {
  timer: MediaTimer;
  log?: MediaLog;
  /** Tick period in ms; FRAME_MS (20) unless a test says otherwise. */
  periodMs?: number;
  /**
   * After a stall, at most this many overdue ticks are delivered back to back (default 5, i.e.
   * 100 ms of audio); older ones are skipped and counted, and the clock carries on from the
   * newest due tick.
   */
  maxCatchUp?: number;
  /**
   * How early a tick may be sent (default 1 ms). Timers are aimed this much before the deadline
   * because Node's timers fire on whole milliseconds and mostly late; a timer that fires earlier
   * still is re-armed for the remainder instead of spinning.
   */
  earlyMs?: number;
  /** How many recent ticks the lateness percentiles cover (default 3000: one minute). */
  statsWindow?: number;
}
