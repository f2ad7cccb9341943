import type { Millis } from '../contracts/clock.js';
import type { FarEndSound } from './SimLineAudio.js';

export type SimHangupBy = 'polarity' | 'loopCurrent' | 'busyTone' | 'silence';

export interface SimCallerId {
  number?: string;
  name?: string;
  /** Withheld: `O` unavailable, `P` private. */
  absent?: 'O' | 'P';
}

/**
 * The script side of a simulated FXO line (`hardware.md` §7): the central office and the far
 * party, driven by a test or by `keyline sim …`. Everything happens on the injected clock.
 * Script misuse (ringing an off-hook line, a bad digit) throws at once naming the parameter.
 */
export interface SimLine {
  /**
   * Rings the line with a profile cadence (default: the profile's first) until `bursts` ring
   * bursts were played (on edges; default: until answered or stopped), with caller ID per the
   * profile: `afterFirstRing` in the first long silent interval (≥ 500 ms after ring 1 ends),
   * `beforeFirstRing` before ring 1 (after a polarity reversal for `v23-uk`).
   */
  ring(o?: { cadence?: string; bursts?: number; callerId?: SimCallerId }): void;
  /** The caller gave up: ringing stops. */
  stopRinging(): void;
  /** The called party answers an outgoing call (no signal on a loop-start line). */
  answerFarEnd(): void;
  /** The far end hangs up, signalled the way `by` names (on a ringing line: stops ringing). */
  hangupFarEnd(by: SimHangupBy): void;
  /** What the far party says into the line while it is off-hook (default: silence). */
  playFarEnd(sound: FarEndSound): void;
  /** The 16-bit 8 kHz audio keyline sent toward the far party while off-hook (the last 120 s). */
  heard(): Int16Array;
  clearHeard(): void;
  /** The far end sends DTMF digits at the profile's DTMF timing (as events; in-band audio is the media's). */
  sendDtmf(digits: string): void;
  /** The CO battery is lost or restored (line cut, exchange fault). */
  battery(present: boolean): void;
  /** Whether the CO gives dial tone on seizure (false: a dead line). */
  setDialTone(present: boolean): void;
  /** The device is unplugged: `lost` once, `open()` fails until `replug()`. */
  unplug(): void;
  /** The device is back; it does not reopen itself. */
  replug(): void;
  /** What keyline did: */
  readonly hook: 'on' | 'off';
  /** Digits dialled so far, in order, as they were sent (pauses left out). */
  readonly dialled: string;
  /** Hook-flash lengths, in order. */
  readonly flashes: Millis[];
}
