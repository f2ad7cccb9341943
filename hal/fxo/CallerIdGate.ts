import type { Clock, Millis } from '../contracts/clock.js';
import type { FxoEvent } from '../contracts/fxo.js';
import { TimerSet } from './TimerSet.js';

export type CallerIdEvent = Extract<FxoEvent, { type: 'callerId' }>;

/**
 * Associates caller ID with ringing (`hardware.md` §2.2), once per call:
 *
 * - during ringing, the first caller ID of the call passes; later ones are dropped;
 * - before ringing (UK, ETSI), it is held and released right after `ringing` if ringing starts
 *   within `holdMs` of its arrival; otherwise it is dropped (`dropped` counts it);
 * - off-hook (call-waiting caller ID) it passes unchanged.
 */
export class CallerIdGate {
  private readonly timers: TimerSet;
  private held: CallerIdEvent | null = null;
  private holdTimer: unknown = null;
  private passed = false;
  /** Caller IDs dropped: held too long, or a second one in the same call. */
  dropped = 0;

  constructor(
    private readonly clock: Clock,
    private readonly holdMs: Millis,
    private readonly emit: (ev: CallerIdEvent) => void,
  ) {
    this.timers = new TimerSet(clock);
  }

  offer(ev: CallerIdEvent, ringing: boolean, offHook: boolean): void {
    if (offHook) {
      this.emit(ev);
    } else if (ringing) {
      if (this.passed) this.dropped++;
      else {
        this.passed = true;
        this.emit(ev);
      }
    } else {
      if (this.held) this.dropped++;
      this.held = ev;
      this.holdUntil(ev.t + this.holdMs);
    }
  }

  /**
   * A ring burst started at `t`: a caller ID held no longer than `holdMs` before it waits until
   * `validUntil`, when that burst will have been validated as ringing (or not).
   */
  burstStarted(t: Millis, validUntil: Millis): void {
    if (this.held && t - this.held.t <= this.holdMs) this.holdUntil(validUntil);
  }

  /** A new call started ringing at `t`: releases a held caller ID, stamped `t`. */
  ringingStarted(t: Millis): void {
    this.passed = false;
    const held = this.held;
    if (!held) return;
    this.reset();
    this.passed = true;
    this.emit({ ...held, t: Math.max(t, held.t) });
  }

  private holdUntil(deadline: Millis): void {
    this.timers.cancel(this.holdTimer);
    this.holdTimer = this.timers.after(deadline - this.clock.now(), () => {
      this.holdTimer = null;
      this.held = null;
      this.dropped++;
    });
  }

  /** Forgets a held caller ID (seizure, device lost, close). */
  reset(): void {
    this.timers.clear();
    this.holdTimer = null;
    this.held = null;
  }
}
