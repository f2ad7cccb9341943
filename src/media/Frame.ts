/**
 * Audio inside keyline: linear PCM, 16-bit signed, 8 kHz, mono, in 20 ms frames of 160 samples
 * (DESIGN.md: a single 20 ms clock paces every stream). Codecs convert at the edges (G.711 on RTP,
 * the port's encoding on FXO); everything between — jitter buffers, the line conference, tones,
 * music — works on these frames.
 */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

/** One 20 ms frame: exactly FRAME_SAMPLES samples. */
export type Frame = Int16Array;

export function silence(): Frame {
  return new Int16Array(FRAME_SAMPLES);
}

/**
 * Where a participant's audio comes from, one frame per media-clock tick. `read()` MUST return a
 * frame of FRAME_SAMPLES samples, or null when there is nothing this tick (the mixer treats it as
 * silence); it MUST NOT block. A returned frame is the caller's until its next `read()` of the
 * same source: the source MUST NOT change it before then, and MAY reuse the array afterwards (the
 * media path recycles its frames), so a caller that keeps audio longer copies it.
 */
export interface FrameSource {
  read(): Frame | null;
}

/** Where a participant's mix goes, one frame per tick. `write()` MUST NOT keep the array past the call. */
export interface FrameSink {
  write(frame: Frame): void;
}
