import type { Clock, Millis } from '../../../hal/contracts/index.js';
import type { HealthCheck, HealthReport } from '../health/HealthCheck.js';
import type { Logger } from '../Logger.js';

export interface WatchdogPingerOptions {
  clock: Clock;
  /** Half of `WatchdogSec` (sd_watchdog_enabled(3)). */
  intervalMs: Millis;
  health: HealthCheck;
  /** Sends `WATCHDOG=1`. */
  ping: () => Promise<unknown>;
  log: Logger;
}

/**
 * Pings the systemd watchdog every `intervalMs` while the health check passes, first at once.
 * A failing check withholds the ping (systemd then restarts the service after `WatchdogSec`) and
 * is logged when it starts failing, and again when the reasons change or it recovers.
 * `stop()` MUST leave no timer behind.
 */
export class WatchdogPinger {
  private timer: unknown = null;
  private lastProblems = '';
  private running = false;

  constructor(private readonly o: WatchdogPingerOptions) {
    if (!(o.intervalMs > 0)) throw new RangeError(`o.intervalMs must be > 0, got ${o.intervalMs}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const report = this.checked();
    const problems = report.problems.join('; ');
    if (problems !== this.lastProblems) {
      if (report.ok) this.o.log.log('notice', 'systemd', { event: 'watchdog-healthy' });
      else this.o.log.log('error', 'systemd', { event: 'watchdog-withheld', problems });
      this.lastProblems = problems;
    }
    if (report.ok) void this.o.ping().catch(() => undefined);
    if (this.running) this.timer = this.o.clock.setTimeout(() => this.tick(), this.o.intervalMs);
  }

  private checked(): HealthReport {
    try {
      return this.o.health.check();
    } catch (err) {
      return { ok: false, problems: [`health check failed: ${err instanceof Error ? err.message : String(err)}`] };
    }
  }
}
