import type { Clock, Millis } from '../contracts/clock.js';
import type { CountryProfile } from '../contracts/profile.js';
import { longestOffMs, matchCadence, ringSpacing } from './cadenceMatch.js';
import { TimerSet } from './TimerSet.js';

export interface RingTrackerEvents {
  ringing(t: Millis, cadence: string | null): void;
  stopped(t: Millis): void;
}

const MAX_SEGMENTS = 24;

/**
 * Turns raw ring bursts into one call's `ringing` / `ringingStopped` (`hardware.md` §2.1):
 *
 * - `ringing(null)` once per call when a burst has lasted `ring.validateMs`; a shorter burst
 *   that ends first is a glitch and is forgotten.
 * - `ringing(name)` once per call when the latest full cycle of bursts matches a profile cadence
 *   within max(100 ms, 20 %).
 * - `stopped` when no burst starts for 1.5 × the longest off segment of the profile's cadences.
 *
 * With `ringsOnly` (modems reporting `RING`, already validated by the device) a RING is ringing
 * at once, cadences match on RING spacing and ringing stops after 1.5 × the longest spacing.
 * `reset()` forgets the call without `stopped` (answered, device lost).
 */
export class RingTracker {
  private readonly timers: TimerSet;
  private readonly stopAfterMs: Millis;
  private readonly spacingCadences: Record<string, number[]>;
  private active = false;
  private cadenceReported = false;
  private burstOnAt: Millis | null = null;
  private lastEdgeAt: Millis | null = null;
  private segments: number[] = [];
  private validateTimer: unknown = null;
  private stopTimer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly profile: CountryProfile,
    private readonly mode: 'edges' | 'ringsOnly',
    private readonly out: RingTrackerEvents,
  ) {
    this.timers = new TimerSet(clock);
    const cadences = profile.ring.cadencesMs;
    this.spacingCadences = Object.fromEntries(Object.entries(cadences).map(([k, v]) => [k, ringSpacing(v)]));
    const longestSpacing = Math.max(0, ...Object.values(this.spacingCadences).flat());
    this.stopAfterMs = 1.5 * (mode === 'edges' ? longestOffMs(cadences) : longestSpacing);
  }

  /** True between `ringing` and `stopped` (or `reset`). */
  get ringing(): boolean {
    return this.active;
  }

  burst(t: Millis, on: boolean, ms?: Millis): void {
    if (this.mode === 'ringsOnly') {
      if (on) this.ringStart(t);
      return;
    }
    if (on) this.edgeOn(t);
    else this.edgeOff(t, ms);
  }

  reset(): void {
    this.timers.clear();
    this.validateTimer = this.stopTimer = null;
    this.active = this.cadenceReported = false;
    this.burstOnAt = this.lastEdgeAt = null;
    this.segments = [];
  }

  private edgeOn(t: Millis): void {
    if (this.burstOnAt !== null) return;
    if (this.lastEdgeAt !== null) this.push(t - this.lastEdgeAt);
    this.burstOnAt = this.lastEdgeAt = t;
    this.timers.cancel(this.stopTimer);
    this.stopTimer = null;
    if (this.active) {
      this.tryMatch(t, true);
      return;
    }
    const due = t + this.profile.ring.validateMs;
    this.validateTimer = this.timers.after(due - this.clock.now(), () => {
      this.validateTimer = null;
      if (this.burstOnAt !== null && !this.active) this.activate(due);
    });
  }

  private edgeOff(t: Millis, ms?: Millis): void {
    if (this.burstOnAt === null) return;
    const length = ms ?? t - this.burstOnAt;
    this.push(length);
    this.burstOnAt = null;
    this.lastEdgeAt = t;
    this.timers.cancel(this.validateTimer);
    this.validateTimer = null;
    if (!this.active) {
      if (length < this.profile.ring.validateMs) {
        this.reset();
        return;
      }
      this.activate(t);
    }
    this.armStop(t);
    this.tryMatch(t, true);
  }

  private ringStart(t: Millis): void {
    if (this.lastEdgeAt !== null) this.push(t - this.lastEdgeAt);
    this.lastEdgeAt = t;
    if (!this.active) this.activate(t);
    this.armStop(t);
    this.tryMatch(t, false);
  }

  private activate(t: Millis): void {
    this.active = true;
    this.out.ringing(t, null);
  }

  private armStop(t: Millis): void {
    this.timers.cancel(this.stopTimer);
    this.stopTimer = this.timers.after(t + this.stopAfterMs - this.clock.now(), () => {
      this.stopTimer = null;
      const wasActive = this.active;
      this.reset();
      if (wasActive) this.out.stopped(t + this.stopAfterMs);
    });
  }

  private tryMatch(t: Millis, edges: boolean): void {
    if (!this.active || this.cadenceReported) return;
    const name = edges
      ? matchCadence(this.segments, true, this.profile.ring.cadencesMs)
      : matchCadence(this.segments, null, this.spacingCadences);
    if (name === null) return;
    this.cadenceReported = true;
    this.out.ringing(t, name);
  }

  /** Keeps the newest segments; drops an even count so the first one stays an on segment. */
  private push(ms: Millis): void {
    this.segments.push(ms);
    if (this.segments.length > MAX_SEGMENTS) this.segments.splice(0, 2);
  }
}
