import { FRAME_MS } from '../Frame.js';
import type { MediaLog } from '../MediaEndpoint.js';
import { LatenessWindow } from './LatenessWindow.js';
import type { MediaClockOptions } from './MediaClockOptions.js';
import type { MediaClockStats } from './MediaClockStats.js';
import type { MediaTimer } from './MediaTimer.js';

/** Called once per tick with the tick's number (see `MediaClock`). */
export type TickListener = (tick: number) => void;

/**
 * The one 20 ms clock that paces every stream (DESIGN.md: media). One timer, however many
 * listeners.
 *
 * Timing: when the first listener subscribes the clock takes `origin = now()`; tick n (n = 1, 2,
 * …) is due at `origin + n·period`. Each timer is set for the next deadline minus `earlyMs`, from
 * the absolute deadline rather than from the previous firing, so timer error never accumulates:
 * after any number of ticks, tick n is still sent within the timer's jitter of its deadline. A
 * tick is sent when `now() >= deadline - earlyMs`; a timer that fires earlier than that is set
 * again for the remainder (no busy wait). Tick numbers follow wall time, so a consumer can derive
 * RTP timestamps from them; after skipped ticks the numbers jump.
 *
 * Stalls: when several ticks are overdue (GC pause, blocked event loop) they are delivered back to
 * back, at most `maxCatchUp` of them (the newest); the older ones are skipped and counted in
 * `stats().skipped`, so a long stall never turns into a burst of hundreds of ticks.
 *
 * Listeners: `subscribe` returns the function that unsubscribes. The clock starts with the first
 * listener and stops with the last, leaving no timer behind; a later subscriber starts it again
 * with a new origin and tick numbers from 1. Listeners run in subscription order; one that throws
 * is logged and the others still get the tick. A listener subscribed during a tick gets the next
 * one; one unsubscribed during a tick gets no more.
 */
export class MediaClock {
  private readonly timer: MediaTimer;
  private readonly log: MediaLog | undefined;
  private readonly periodMs: number;
  private readonly maxCatchUp: number;
  private readonly earlyMs: number;
  private readonly lateness: LatenessWindow;

  private readonly listeners = new Set<TickListener>();
  /** Snapshot of `listeners` for dispatch, rebuilt only when the set changes. */
  private order: TickListener[] = [];
  private handle: unknown = undefined;
  private running = false;
  private origin = 0;
  private nextTick = 1;
  private generation = 0;
  private delivered = 0;
  private skipped = 0;

  constructor(options: MediaClockOptions) {
    this.timer = options.timer;
    this.log = options.log;
    this.periodMs = options.periodMs ?? FRAME_MS;
    this.maxCatchUp = options.maxCatchUp ?? 5;
    this.earlyMs = options.earlyMs ?? 1;
    if (!(this.periodMs > 0)) throw new RangeError(`periodMs must be > 0, got ${this.periodMs}`);
    if (!Number.isInteger(this.maxCatchUp) || this.maxCatchUp < 1) throw new RangeError(`maxCatchUp must be an integer >= 1, got ${this.maxCatchUp}`);
    if (!(this.earlyMs >= 0 && this.earlyMs < this.periodMs)) throw new RangeError(`earlyMs must be in [0, periodMs), got ${this.earlyMs}`);
    this.lateness = new LatenessWindow(options.statsWindow ?? 3000);
  }

  subscribe(listener: TickListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe: listener must be a function');
    if (this.listeners.has(listener)) throw new Error('subscribe: this listener is already subscribed');
    this.listeners.add(listener);
    this.order = [...this.listeners];
    if (!this.running) this.start();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.listeners.delete(listener);
      this.order = [...this.listeners];
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** True while the clock has listeners (and so a timer set). */
  get isRunning(): boolean {
    return this.running;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  stats(): MediaClockStats {
    return { ticks: this.delivered, skipped: this.skipped, lateness: this.lateness.summary() };
  }

  private start(): void {
    this.running = true;
    this.generation += 1;
    this.origin = this.timer.now();
    this.nextTick = 1;
    this.arm();
  }

  private stop(): void {
    this.running = false;
    this.generation += 1;
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private deadline(tick: number): number {
    return this.origin + tick * this.periodMs;
  }

  private arm(): void {
    const wait = this.deadline(this.nextTick) - this.earlyMs - this.timer.now();
    this.handle = this.timer.setTimeout(this.fire, Math.max(0, Math.ceil(wait)));
  }

  private readonly fire = (): void => {
    this.handle = undefined;
    if (!this.running) return;
    const generation = this.generation;
    const now = this.timer.now();
    // The newest tick whose (early-adjusted) deadline has passed.
    const due = Math.floor((now + this.earlyMs - this.origin) / this.periodMs);
    if (due >= this.nextTick) {
      const overdue = due - this.nextTick + 1;
      if (overdue > this.maxCatchUp) {
        const dropped = overdue - this.maxCatchUp;
        this.skipped += dropped;
        this.nextTick += dropped;
        this.log?.log('warning', 'media-clock', { event: 'ticks-skipped', skipped: dropped, stalledMs: Math.round(now - this.deadline(this.nextTick - dropped)) });
      }
      while (this.nextTick <= due) {
        const tick = this.nextTick;
        this.nextTick += 1;
        this.dispatch(tick);
        // A listener may have stopped (and even restarted) the clock.
        if (generation !== this.generation) return;
      }
    }
    this.arm();
  };

  private dispatch(tick: number): void {
    this.lateness.record(this.timer.now() - this.deadline(tick));
    this.delivered += 1;
    const order = this.order;
    for (let i = 0; i < order.length; i += 1) {
      const listener = order[i];
      if (listener === undefined || !this.listeners.has(listener)) continue;
      try {
        listener(tick);
      } catch (err) {
        this.log?.log('error', 'media-clock', { event: 'listener-failed', tick, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}
