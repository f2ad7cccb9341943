import type { Clock, Millis } from '../contracts/clock.js';
import type { DisconnectCue, FxoCaps, ToneKind } from '../contracts/fxo.js';
import type { CountryProfile } from '../contracts/profile.js';
import { tonePeriodMs } from './toneCadence.js';
import { TimerSet } from './TimerSet.js';

export type DisconnectBy = DisconnectCue | 'maxDuration';

/**
 * Far-end disconnect while off-hook (`hardware.md` §2.2), by the first cue that is both in the
 * profile's `disconnect.cues` and in the port's `caps.disconnect`; `maxDuration` always counts
 * unless `maxCallMs` is 0. One report per seizure: the core puts the line on-hook.
 *
 * - `loopCurrent`: a drop ≥ `loopDropMinMs` starting ≥ `seizeGuardMs` after the seizure.
 * - `polarity`: any reversal while off-hook.
 * - `busyTone`: `busyCount` busy/reorder tone starts in a row, each within two tone periods of the last.
 * - `silence`: `tone {silence, on}` not ended within `silenceMs`.
 */
export class DisconnectWatch {
  private readonly timers: TimerSet;
  private readonly enabled: ReadonlySet<DisconnectCue>;
  private readonly busyGapMs: Millis;
  private seizedAt: Millis | null = null;
  private reported = false;
  private busySeen = 0;
  private lastBusyAt = -Infinity;
  private silenceTimer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly profile: CountryProfile,
    caps: FxoCaps,
    private readonly emit: (t: Millis, by: DisconnectBy) => void,
  ) {
    this.timers = new TimerSet(clock);
    this.enabled = new Set(profile.disconnect.cues.filter((c) => caps.disconnect.includes(c)));
    const periods = [profile.tones.busy, profile.tones.reorder].map(tonePeriodMs).filter((p): p is number => p !== null);
    this.busyGapMs = periods.length ? 2 * Math.max(...periods) : 3000;
  }

  /** The cues in force for this port. */
  get cues(): ReadonlySet<DisconnectCue> {
    return this.enabled;
  }

  seized(t: Millis): void {
    this.released();
    this.seizedAt = t;
    const max = this.profile.disconnect.maxCallMs;
    if (max > 0) this.timers.after(t + max - this.clock.now(), () => this.report(t + max, 'maxDuration'));
  }

  released(): void {
    this.timers.clear();
    this.silenceTimer = null;
    this.seizedAt = null;
    this.reported = false;
    this.busySeen = 0;
    this.lastBusyAt = -Infinity;
  }

  polarity(t: Millis): void {
    if (this.enabled.has('polarity')) this.report(t, 'polarity');
  }

  loopDrop(t: Millis, ms: Millis): void {
    if (!this.enabled.has('loopCurrent') || this.seizedAt === null) return;
    const { loopDropMinMs, seizeGuardMs } = this.profile.disconnect;
    if (ms >= loopDropMinMs && t - ms - this.seizedAt >= seizeGuardMs) this.report(t, 'loopCurrent');
  }

  tone(t: Millis, tone: ToneKind, on: boolean): void {
    if (this.seizedAt === null || this.reported) return;
    if (tone === 'busy' || tone === 'reorder') {
      if (!on || !this.enabled.has('busyTone')) return;
      this.busySeen = t - this.lastBusyAt <= this.busyGapMs ? this.busySeen + 1 : 1;
      this.lastBusyAt = t;
      if (this.busySeen >= this.profile.disconnect.busyCount) this.report(t, 'busyTone');
    } else if (tone === 'silence') {
      if (!this.enabled.has('silence')) return;
      this.timers.cancel(this.silenceTimer);
      this.silenceTimer = null;
      const due = t + this.profile.disconnect.silenceMs;
      if (on) this.silenceTimer = this.timers.after(due - this.clock.now(), () => this.report(due, 'silence'));
    } else if (on) {
      this.busySeen = 0;
    }
  }

  private report(t: Millis, by: DisconnectBy): void {
    if (this.seizedAt === null || this.reported) return;
    this.reported = true;
    this.timers.clear();
    this.silenceTimer = null;
    this.emit(t, by);
  }
}
