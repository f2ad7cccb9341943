import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame, FrameSource } from '../Frame.js';
import type { CompiledTone } from './CompiledTone.js';

/**
 * Plays a `CompiledTone` frame by frame. Cadence boundaries fall on exact samples (a 250 ms part
 * is 2000 samples, wherever it starts in a frame). Each part starts at phase 0, i.e. from a zero
 * crossing, and runs phase-continuously across frames for as long as it lasts.
 *
 * `read()` returns the next frame; after a tone that plays once has finished it returns null
 * (the last frame is padded with silence). Frames alternate between two buffers, so a frame stays
 * valid until the read after next.
 */
export class ToneSource implements FrameSource {
  private part = 0;
  /** Samples already played of the current part. */
  private position = 0;
  private ended = false;
  private readonly buffers = [new Int16Array(FRAME_SAMPLES), new Int16Array(FRAME_SAMPLES)] as const;
  private flip = 0;

  constructor(readonly tone: CompiledTone) {}

  get done(): boolean {
    return this.ended;
  }

  read(): Frame | null {
    if (this.ended) return null;
    this.flip ^= 1;
    const out = this.buffers[this.flip] as Int16Array;
    const parts = this.tone.parts;
    let filled = 0;
    while (filled < FRAME_SAMPLES) {
      const part = parts[this.part];
      if (part === undefined) break;
      const n = Math.min(FRAME_SAMPLES - filled, part.samples - this.position);
      const period = part.period;
      if (period === null) {
        out.fill(0, filled, filled + n);
      } else {
        const length = period.length;
        let phase = this.position % length;
        for (let i = filled; i < filled + n; i += 1) {
          out[i] = period[phase] as number;
          phase = phase + 1 === length ? 0 : phase + 1;
        }
      }
      filled += n;
      this.position += n;
      if (this.position >= part.samples) this.nextPart();
    }
    if (filled === 0) return null;
    out.fill(0, filled);
    return out;
  }

  private nextPart(): void {
    this.position = 0;
    this.part += 1;
    if (this.part < this.tone.parts.length) return;
    if (this.tone.repeatFrom === null) {
      this.ended = true;
      this.part = this.tone.parts.length;
    } else {
      this.part = this.tone.repeatFrom;
    }
  }
}
