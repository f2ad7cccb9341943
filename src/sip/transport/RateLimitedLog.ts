import type { SipClock, SipLog, SipLogLevel } from '../types.js';

type Fields = Record<string, string | number | boolean | null | undefined>;

/**
 * Log lines about a peer's bad input, limited per reason: at most `burst` lines per reason in
 * each `windowMs` on the injected clock; the next line after a quiet spell says how many were
 * suppressed. A flood of junk MUST NOT turn into a flood of log lines. Uses `clock.now()` only.
 */
export class RateLimitedLog {
  private readonly windows = new Map<string, { since: number; count: number; suppressed: number }>();

  constructor(
    private readonly log: SipLog,
    private readonly clock: SipClock,
    private readonly component: string,
    private readonly burst = 5,
    private readonly windowMs = 10_000,
  ) {}

  /** Logs `fields` at `level` unless `reason` already used up its burst in this window. */
  note(level: SipLogLevel, reason: string, fields: Fields = {}): void {
    const now = this.clock.now();
    let w = this.windows.get(reason);
    if (!w || now - w.since >= this.windowMs) {
      const suppressed = w?.suppressed ?? 0;
      w = { since: now, count: 0, suppressed: 0 };
      this.windows.set(reason, w);
      if (suppressed > 0) fields = { ...fields, suppressed };
    }
    if (w.count >= this.burst) {
      w.suppressed++;
      return;
    }
    w.count++;
    this.log.log(level, this.component, { event: reason, ...fields });
  }
}
