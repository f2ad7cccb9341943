import type { Clock, Millis } from '../contracts/clock.js';
import type { FxoEvent } from '../contracts/fxo.js';
import type { CountryProfile } from '../contracts/profile.js';
import { TimerSet } from '../fxo/TimerSet.js';
import type { SimCallerId } from './SimLine.js';

/** Caller ID after ring 1: starts 500 ms into the silent interval, ~720 ms on air (MDMF). */
export const CID_AFTER_RING_MS = 500 + 720;
/** Caller ID before ring 1: alert and FSK done ~700 ms after the start, ring 1 300 ms later. */
export const CID_BEFORE_RING_MS = 700;
export const RING_AFTER_CID_MS = 300;

/**
 * The central office's ringing of one simulated line: ring-burst edges from a profile cadence,
 * and the caller ID where the profile's network sends it.
 */
export class SimRinger {
  private readonly timers: TimerSet;
  private burstStart: Millis | null = null;
  private playing = false;

  constructor(
    private readonly clock: Clock,
    private readonly profile: CountryProfile,
    private readonly emit: (ev: FxoEvent) => void,
    private readonly ended: () => void,
  ) {
    this.timers = new TimerSet(clock);
  }

  get active(): boolean {
    return this.playing;
  }

  start(cadence: readonly number[], bursts: number | undefined, callerId: SimCallerId | undefined): void {
    this.stop();
    this.playing = true;
    const cid = callerId ? this.callerIdEvent(callerId) : null;
    if (cid && this.profile.callerId.timing === 'beforeFirstRing') {
      if (this.profile.callerId.standard === 'v23-uk') this.emit({ t: this.clock.now(), type: 'polarityReversal' });
      this.timers.after(CID_BEFORE_RING_MS, () => this.emit({ ...cid, t: this.clock.now() }));
      this.timers.after(CID_BEFORE_RING_MS + RING_AFTER_CID_MS, () => this.play(cadence, 0, bursts ?? Infinity));
      return;
    }
    if (cid) this.timers.after(this.callerIdAfterRingMs(cadence), () => this.emit({ ...cid, t: this.clock.now() }));
    this.play(cadence, 0, bursts ?? Infinity);
  }

  /** Stops ringing; a burst in progress ends now (its off edge is emitted). */
  stop(): void {
    this.timers.clear();
    this.playing = false;
    if (this.burstStart !== null) {
      const t = this.clock.now();
      this.emit({ t, type: 'ringBurst', on: false, ms: t - this.burstStart });
      this.burstStart = null;
    }
  }

  /** Plays segment `index` (an on segment) and schedules the rest. */
  private play(cadence: readonly number[], index: number, burstsLeft: number): void {
    const onMs = cadence[index] ?? 0;
    const offMs = cadence[index + 1] ?? 0;
    this.burstStart = this.clock.now();
    this.emit({ t: this.burstStart, type: 'ringBurst', on: true });
    this.timers.after(onMs, () => {
      this.burstStart = null;
      this.emit({ t: this.clock.now(), type: 'ringBurst', on: false, ms: onMs });
      if (burstsLeft <= 1) {
        this.playing = false;
        this.timers.clear();
        this.ended();
        return;
      }
      this.timers.after(offMs, () => this.play(cadence, (index + 2) % cadence.length, burstsLeft - 1));
    });
  }

  /** In the longest off segment of the first cycle: ≥ 500 ms into it, ≥ 200 ms before its end. */
  private callerIdAfterRingMs(cadence: readonly number[]): Millis {
    let offStart = 0;
    let best = { start: 0, length: -1 };
    for (let i = 0; i < cadence.length; i++) {
      const ms = cadence[i] ?? 0;
      if (i % 2 === 1 && ms > best.length) best = { start: offStart, length: ms };
      offStart += ms;
    }
    return best.start + Math.max(0, Math.min(CID_AFTER_RING_MS, best.length - 200));
  }

  private callerIdEvent(c: SimCallerId): Extract<FxoEvent, { type: 'callerId' }> {
    const ev: Extract<FxoEvent, { type: 'callerId' }> = { t: 0, type: 'callerId', standard: this.profile.callerId.standard };
    if (c.number !== undefined) ev.number = c.number;
    else if (c.absent) ev.numberAbsent = c.absent;
    if (c.name !== undefined) ev.name = c.name;
    else if (c.absent) ev.nameAbsent = c.absent;
    return ev;
  }
}
