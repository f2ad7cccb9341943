import type { Clock, Millis } from '../../../hal/contracts/index.js';
import type { DeviceView } from './DeviceView.js';
import type { HealthCheck, HealthReport } from './HealthCheck.js';

export interface ServiceHealthOptions {
  clock: Clock;
  /** The current event-loop lag in ms (`EventLoopLag.lag`). */
  lag: () => Millis;
  devices: readonly DeviceView[];
  /** Lag at or above this fails the check. Default 5000 ms. */
  maxLagMs?: Millis;
  /** A device still `opening` after this long means its supervisor is stuck. Default 60 s. */
  openStallMs?: Millis;
}

/**
 * The service's health for the watchdog: the event loop keeps up, and no device supervisor is
 * stuck in an `open()` that never settles. A device that is `lost` or `closed` is degraded, not
 * unhealthy: its supervisor retries with backoff and STATUS shows it; a restart would not bring
 * it back sooner.
 */
export class ServiceHealth implements HealthCheck {
  private readonly openingSince = new Map<string, Millis>();
  private readonly maxLagMs: Millis;
  private readonly openStallMs: Millis;

  constructor(private readonly o: ServiceHealthOptions) {
    if (!o?.clock) throw new TypeError('o.clock is required');
    if (typeof o.lag !== 'function') throw new TypeError('o.lag must be a function');
    this.maxLagMs = o.maxLagMs ?? 5000;
    this.openStallMs = o.openStallMs ?? 60_000;
  }

  check(): HealthReport {
    const problems: string[] = [];
    const lag = this.o.lag();
    if (lag >= this.maxLagMs) problems.push(`event loop lag ${Math.round(lag)} ms (limit ${this.maxLagMs} ms)`);
    const now = this.o.clock.now();
    for (const d of this.o.devices) {
      if (d.health() !== 'opening') {
        this.openingSince.delete(d.id);
        continue;
      }
      const since = this.openingSince.get(d.id) ?? now;
      this.openingSince.set(d.id, since);
      if (now - since >= this.openStallMs) problems.push(`${d.id} stuck opening for ${Math.round((now - since) / 1000)} s`);
    }
    return { ok: problems.length === 0, problems };
  }
}
