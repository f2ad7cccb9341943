import type { Clock, Millis } from '../../../hal/contracts/index.js';

export interface EventLoopLagOptions {
  clock: Clock;
  /** How often a probe timer is armed. Default 500 ms. */
  sampleMs?: Millis;
  /** How many recent samples `lag` is the maximum of. Default 10 (5 s at 500 ms). */
  window?: number;
}

/**
 * Event-loop lag measured with the injected clock: a probe timer armed for `sampleMs` that fires
 * late by `d` ms was held up by `d` ms of work. `lag` is the worst of the last `window` probes, so
 * one long stall is still seen by a watchdog check a few seconds later.
 *
 * - `start()` is idempotent; `stop()` cancels the probe and MUST leave no timer behind.
 * - Before the first probe fires, `lag` is 0.
 */
export class EventLoopLag {
  private readonly clock: Clock;
  private readonly sampleMs: Millis;
  private readonly window: number;
  private readonly samples: Millis[] = [];
  private timer: unknown = null;

  constructor(o: EventLoopLagOptions) {
    if (!o?.clock) throw new TypeError('o.clock is required');
    this.clock = o.clock;
    this.sampleMs = o.sampleMs ?? 500;
    this.window = o.window ?? 10;
    if (!(this.sampleMs > 0)) throw new RangeError(`o.sampleMs must be > 0, got ${this.sampleMs}`);
    if (!(Number.isInteger(this.window) && this.window > 0)) throw new RangeError(`o.window must be a positive integer, got ${this.window}`);
  }

  /** The worst lag of the recent probes, in ms. */
  get lag(): Millis {
    return this.samples.reduce((a, b) => Math.max(a, b), 0);
  }

  start(): void {
    if (this.timer === null) this.arm();
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    const due = this.clock.now() + this.sampleMs;
    this.timer = this.clock.setTimeout(() => {
      this.samples.push(Math.max(0, this.clock.now() - due));
      if (this.samples.length > this.window) this.samples.shift();
      this.arm();
    }, this.sampleMs);
  }
}
