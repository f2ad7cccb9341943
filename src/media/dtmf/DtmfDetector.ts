import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';
import { dbm0ToPeak } from '../tones/dbm0.js';
import { DTMF_COLUMNS, DTMF_KEYPAD, DTMF_ROWS } from './DtmfDigit.js';
import type { DtmfDigit } from './DtmfDigit.js';
import type { DtmfDetectorOptions } from './DtmfDetectorOptions.js';
import { goertzel, meanSquare } from './goertzel.js';

const db = (x: number): number => 10 ** (x / 10);

/**
 * In-band DTMF detection on 20 ms frames (160 samples, 50 Hz Goertzel resolution: enough to
 * separate the 73 Hz-spaced rows).
 *
 * Each frame is classified: the strongest row and column frequency must each be at least
 * `minLevelDbm0`, within the twist limits of each other, `minPeakRatioDb` above the other rows
 * (columns), and together carry `minToneShare` of the frame's power (speech and noise spread
 * their power; a single tone fails the level of the other group).
 *
 * Debounce: a digit is reported once, when two frames show it with at most one frame between
 * them that shows nothing (a press shorter than about 30 ms is ignored), and released after two
 * frames in a row do not show it. One lost or concealed frame (silence or a repeat) therefore
 * neither ends a press nor makes a second one, nor hides a short press; the price is that two
 * presses of the same digit need a gap of about 60 ms (Q.24 allows 40 ms; keyline's own senders
 * use 90 ms).
 */
export class DtmfDetector {
  private readonly minPower: number;
  private readonly maxNormalTwist: number;
  private readonly maxReverseTwist: number;
  private readonly minPeakRatio: number;
  private readonly minShare: number;
  /** The digit being held (reported), if any. */
  private held: DtmfDigit | null = null;
  private misses = 0;
  /** The digit the recent frames point to, how many frames showed it, and whether one just did not. */
  private candidate: DtmfDigit | null = null;
  private hits = 0;
  private gap = false;
  private readonly rowPower = new Float64Array(4);
  private readonly colPower = new Float64Array(4);

  constructor(options: DtmfDetectorOptions = {}) {
    const peak = dbm0ToPeak(options.minLevelDbm0 ?? -30);
    this.minPower = (peak * peak) / 2;
    this.maxNormalTwist = db(options.maxNormalTwistDb ?? 8);
    this.maxReverseTwist = db(options.maxReverseTwistDb ?? 8);
    this.minPeakRatio = db(options.minPeakRatioDb ?? 6);
    this.minShare = options.minToneShare ?? 0.6;
  }

  /** Feeds one frame; returns a digit the moment a press is recognised, else null. */
  process(frame: Frame): DtmfDigit | null {
    if (frame.length !== FRAME_SAMPLES) throw new RangeError(`frame must have ${FRAME_SAMPLES} samples, got ${frame.length}`);
    const seen = this.classify(frame);
    if (seen !== null && seen === this.candidate) {
      this.hits += 1;
      this.gap = false;
    } else if (seen === null && this.candidate !== null && !this.gap) {
      this.gap = true; // one frame without it (lost, concealed) does not reset the count
    } else {
      this.candidate = seen;
      this.hits = seen === null ? 0 : 1;
      this.gap = false;
    }
    if (this.held !== null) {
      this.misses = seen === this.held ? 0 : this.misses + 1;
      if (this.misses >= 2) this.held = null;
    }
    if (this.held === null && seen !== null && this.hits >= 2) {
      this.held = seen;
      this.misses = 0;
      return seen;
    }
    return null;
  }

  /** Forgets any press in progress (e.g. when the stream is switched). */
  reset(): void {
    this.held = null;
    this.candidate = null;
    this.hits = 0;
    this.gap = false;
    this.misses = 0;
  }

  /** The digit this one frame shows, or null. */
  classify(frame: Frame): DtmfDigit | null {
    const total = meanSquare(frame);
    if (total < this.minPower) return null;
    const row = strongest(frame, DTMF_ROWS, this.rowPower);
    const col = strongest(frame, DTMF_COLUMNS, this.colPower);
    const rowP = this.rowPower[row] as number;
    const colP = this.colPower[col] as number;
    if (rowP < this.minPower || colP < this.minPower) return null;
    if (colP > rowP * this.maxNormalTwist || rowP > colP * this.maxReverseTwist) return null;
    if (!standsOut(this.rowPower, row, this.minPeakRatio) || !standsOut(this.colPower, col, this.minPeakRatio)) return null;
    if (rowP + colP < this.minShare * total) return null;
    return DTMF_KEYPAD[row]?.[col] ?? null;
  }
}

function strongest(frame: Frame, freqs: readonly number[], power: Float64Array): number {
  let best = 0;
  for (let i = 0; i < freqs.length; i += 1) {
    power[i] = goertzel(frame, freqs[i] as number);
    if ((power[i] as number) > (power[best] as number)) best = i;
  }
  return best;
}

function standsOut(power: Float64Array, best: number, ratio: number): boolean {
  const p = power[best] as number;
  for (let i = 0; i < power.length; i += 1) if (i !== best && (power[i] as number) * ratio > p) return false;
  return true;
}
