import type { Clock, Millis } from '../contracts/clock.js';
import { TimerSet } from './TimerSet.js';

/**
 * Calls `open()` again after a device was lost (`hardware.md` §5): after `firstMs`, then
 * doubling up to `maxMs`, until an attempt succeeds. `stop()` cancels the pending attempt and
 * ignores the outcome of one in flight.
 */
export class ReopenBackoff {
  private readonly timers: TimerSet;
  private nextDelay: Millis;
  private generation = 0;
  private pending = false;

  constructor(
    clock: Clock,
    private readonly open: () => Promise<void>,
    private readonly firstMs: Millis = 1000,
    private readonly maxMs: Millis = 30_000,
  ) {
    if (!(firstMs > 0)) throw new RangeError(`firstMs must be > 0, got ${firstMs}`);
    if (!(maxMs >= firstMs)) throw new RangeError(`maxMs must be >= firstMs, got ${maxMs}`);
    this.timers = new TimerSet(clock);
    this.nextDelay = firstMs;
  }

  /** True while an attempt is scheduled or running. */
  get active(): boolean {
    return this.pending;
  }

  /** Starts the sequence (no-op while one runs). */
  start(): void {
    if (this.pending) return;
    this.pending = true;
    this.schedule(this.generation);
  }

  /** The device is up again: the next loss starts over at `firstMs`. */
  succeeded(): void {
    this.stop();
  }

  stop(): void {
    this.generation++;
    this.pending = false;
    this.timers.clear();
    this.nextDelay = this.firstMs;
  }

  private schedule(gen: number): void {
    const delay = this.nextDelay;
    this.nextDelay = Math.min(this.maxMs, delay * 2);
    this.timers.after(delay, () => {
      this.open().then(
        () => {
          if (gen === this.generation) this.succeeded();
        },
        () => {
          if (gen === this.generation) this.schedule(gen);
        },
      );
    });
  }
}
