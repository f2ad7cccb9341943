import type { Clock, Millis } from '../../../hal/contracts/index.js';
import { EventLoopLag } from '../health/EventLoopLag.js';
import { ServiceHealth } from '../health/ServiceHealth.js';
import type { Logger } from '../Logger.js';
import { notifyEnv } from './notifyEnv.js';
import { statusSummary } from './statusSummary.js';
import type { SupervisedService } from './SupervisedService.js';
import { SystemdNotifier } from './SystemdNotifier.js';
import { WatchdogPinger } from './WatchdogPinger.js';

export interface SystemdSupervisionOptions {
  clock: Clock;
  log: Logger;
  env: Readonly<Record<string, string | undefined>>;
  pid: number;
  /** Default: one built from the environment's `NOTIFY_SOCKET`. */
  notifier?: SystemdNotifier;
  /** How often STATUS is refreshed without a state change (device health). Default 5 s. */
  refreshMs?: Millis;
  /** After a state change, STATUS follows within this long (one update per burst). Default 500 ms. */
  settleMs?: Millis;
  /** Lag limit for the watchdog's health check. Default 5000 ms. */
  maxLagMs?: Millis;
}

/**
 * The service under systemd `Type=notify` (hardware.md §9.2): `READY=1` once every required
 * device is ready (the service has loaded its configuration and SIP listens when `start()`
 * resolved), `STATUS=` on changes, `WATCHDOG=1` every `WATCHDOG_USEC`/2 while healthy, and
 * `STOPPING=1` from `stopping()`. Without `NOTIFY_SOCKET` it does nothing and arms no timer.
 */
export class SystemdSupervision {
  private readonly notifier: SystemdNotifier;
  private readonly lag: EventLoopLag;
  private pinger: WatchdogPinger | null = null;
  private refresh: unknown = null;
  private soon: unknown = null;
  private unsubscribe: () => void = () => undefined;
  private ready = false;
  private closed = false;

  constructor(private readonly service: SupervisedService, private readonly o: SystemdSupervisionOptions) {
    const env = notifyEnv(o.env, o.pid);
    this.notifier = o.notifier ?? new SystemdNotifier({ socket: env.socket, log: o.log });
    this.lag = new EventLoopLag({ clock: o.clock });
    if (!this.notifier.enabled) return;
    this.unsubscribe = service.onChange(() => this.changed());
    this.update();
    if (env.watchdogMs !== null) {
      const health = new ServiceHealth({ clock: o.clock, lag: () => this.lag.lag, devices: service.devices, maxLagMs: o.maxLagMs });
      this.pinger = new WatchdogPinger({ clock: o.clock, intervalMs: env.watchdogMs / 2, health, ping: () => this.notifier.watchdog(), log: o.log });
      this.lag.start();
      this.pinger.start();
      o.log.log('info', 'systemd', { event: 'watchdog', intervalMs: env.watchdogMs / 2 });
    }
  }

  /** `STOPPING=1`, before the lines go on-hook; timers end here. */
  async stopping(): Promise<void> {
    this.close();
    await this.notifier.stopping('stopping: lines going on-hook');
  }

  /** Stops every timer and subscription; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.pinger?.stop();
    this.lag.stop();
    if (this.refresh !== null) this.o.clock.clearTimeout(this.refresh);
    if (this.soon !== null) this.o.clock.clearTimeout(this.soon);
    this.refresh = null;
    this.soon = null;
  }

  /** A burst of core steps becomes one update, `settleMs` after its first step. */
  private changed(): void {
    if (this.closed || this.soon !== null) return;
    this.soon = this.o.clock.setTimeout(() => {
      this.soon = null;
      this.update();
    }, this.o.settleMs ?? 500);
  }

  private update(): void {
    if (this.closed) return;
    if (this.refresh !== null) this.o.clock.clearTimeout(this.refresh);
    this.refresh = this.o.clock.setTimeout(() => this.update(), this.o.refreshMs ?? 5000);
    const waiting = this.service.devices.filter((d) => !d.optional && d.health() !== 'ready');
    if (!this.ready && waiting.length > 0) {
      void this.notifier.status(`starting: waiting for ${waiting.map((d) => `${d.id} (${d.health()})`).join(', ')}`);
      return;
    }
    const summary = statusSummary(this.service.lineStates(), this.service.phonesRegistered(), this.service.devices);
    if (this.ready) {
      void this.notifier.status(summary);
      return;
    }
    this.ready = true;
    void this.notifier.ready(summary).then((sent) => {
      if (sent) this.o.log.log('notice', 'systemd', { event: 'ready' });
    });
  }
}
