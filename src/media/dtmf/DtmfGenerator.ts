import { FRAME_SAMPLES, SAMPLE_RATE } from '../Frame.js';
import type { Frame, FrameSource } from '../Frame.js';
import { dbm0ToPeak } from '../tones/dbm0.js';
import { dtmfFrequencies, isDtmfDigit } from './DtmfDigit.js';
import type { DtmfDigit } from './DtmfDigit.js';

export interface DtmfGeneratorOptions {
  /** Tone duration per digit, ms (default 90, as the board profiles' `dtmf.onMs`). */
  onMs?: number;
  /** Silence after each digit, ms (default 90). */
  offMs?: number;
  /** Level of the low (row) frequency, dBm0 (default -8). */
  lowLevelDbm0?: number;
  /** Level of the high (column) frequency, dBm0 (default -6: the usual 2 dB pre-emphasis). */
  highLevelDbm0?: number;
}

/**
 * Makes in-band DTMF (ITU-T Q.23 frequencies) as frame sources. Each digit's tone burst is
 * computed once per generator and shared by every source it makes. RFC 4733 events are not made
 * here (src/media/rtp).
 */
export class DtmfGenerator {
  readonly onSamples: number;
  readonly offSamples: number;
  private readonly lowPeak: number;
  private readonly highPeak: number;
  private readonly bursts = new Map<DtmfDigit, Int16Array>();

  constructor(options: DtmfGeneratorOptions = {}) {
    const onMs = options.onMs ?? 90;
    const offMs = options.offMs ?? 90;
    if (!Number.isInteger(onMs) || onMs < 1 || onMs > 10_000) throw new RangeError(`onMs must be a whole number of ms in 1..10000, got ${onMs}`);
    if (!Number.isInteger(offMs) || offMs < 0 || offMs > 10_000) throw new RangeError(`offMs must be a whole number of ms in 0..10000, got ${offMs}`);
    this.onSamples = (onMs * SAMPLE_RATE) / 1000;
    this.offSamples = (offMs * SAMPLE_RATE) / 1000;
    this.lowPeak = dbm0ToPeak(options.lowLevelDbm0 ?? -8);
    this.highPeak = dbm0ToPeak(options.highLevelDbm0 ?? -6);
  }

  /**
   * A source playing `digits` (0-9, *, #, A-D; a-d accepted) in turn, each for onMs then offMs of
   * silence; after the last digit's silence it returns null. Throws RangeError for any other
   * character.
   */
  source(digits: string): FrameSource {
    const keys = [...digits.toUpperCase()];
    if (keys.length === 0) throw new RangeError('digits must not be empty');
    const bursts = keys.map((key, i) => {
      if (!isDtmfDigit(key)) throw new RangeError(`digits: ${JSON.stringify(digits[i])} at ${i + 1} is not a DTMF digit (0-9 * # A-D)`);
      return this.burst(key);
    });
    return new DtmfSource(bursts, this.offSamples);
  }

  /** One digit's tone burst (onMs long, both frequencies from phase 0). */
  burst(digit: DtmfDigit): Int16Array {
    let burst = this.bursts.get(digit);
    if (burst === undefined) {
      const [low, high] = dtmfFrequencies(digit);
      const wl = (2 * Math.PI * low) / SAMPLE_RATE;
      const wh = (2 * Math.PI * high) / SAMPLE_RATE;
      burst = new Int16Array(this.onSamples);
      for (let n = 0; n < burst.length; n += 1) burst[n] = Math.round(this.lowPeak * Math.sin(wl * n) + this.highPeak * Math.sin(wh * n));
      this.bursts.set(digit, burst);
    }
    return burst;
  }
}

/** Plays bursts, each followed by `gap` samples of silence; two alternating output buffers. */
class DtmfSource implements FrameSource {
  private index = 0;
  private position = 0;
  private readonly buffers = [new Int16Array(FRAME_SAMPLES), new Int16Array(FRAME_SAMPLES)] as const;
  private flip = 0;

  constructor(
    private readonly bursts: Int16Array[],
    private readonly gap: number,
  ) {}

  read(): Frame | null {
    if (this.index >= this.bursts.length) return null;
    this.flip ^= 1;
    const out = this.buffers[this.flip] as Int16Array;
    let filled = 0;
    while (filled < FRAME_SAMPLES && this.index < this.bursts.length) {
      const burst = this.bursts[this.index] as Int16Array;
      const length = burst.length + this.gap;
      const n = Math.min(FRAME_SAMPLES - filled, length - this.position);
      for (let i = 0; i < n; i += 1) out[filled + i] = burst[this.position + i] ?? 0;
      filled += n;
      this.position += n;
      if (this.position >= length) {
        this.index += 1;
        this.position = 0;
      }
    }
    out.fill(0, filled);
    return out;
  }
}
