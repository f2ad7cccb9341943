import { SAMPLE_RATE } from '../Frame.js';
import { dbm0ToPeak } from '../tones/dbm0.js';

/** Beats of 250 ms; each chord lasts 8 beats (2 s). MIDI note numbers (60 = middle C). */
const BEAT = SAMPLE_RATE / 4;
const CHORDS: readonly { bass: number; arpeggio: readonly number[] }[] = [
  { bass: 48, arpeggio: [60, 64, 67, 72, 76, 72, 67, 64] }, // C
  { bass: 45, arpeggio: [57, 60, 64, 69, 72, 69, 64, 60] }, // Am
  { bass: 41, arpeggio: [57, 60, 65, 69, 72, 69, 65, 60] }, // F
  { bass: 43, arpeggio: [59, 62, 67, 71, 74, 71, 67, 62] }, // G
  { bass: 40, arpeggio: [59, 64, 67, 71, 76, 71, 67, 64] }, // Em
  { bass: 45, arpeggio: [60, 64, 69, 72, 76, 72, 69, 64] }, // Am
  { bass: 38, arpeggio: [57, 62, 65, 69, 74, 69, 65, 62] }, // Dm
  { bass: 43, arpeggio: [55, 59, 62, 67, 71, 74, 71, 67] }, // G
];

/** Peak of the finished tune: -6 dBm0, so its average sits around -18 dBm0 like typical hold music. */
const PEAK = dbm0ToPeak(-6);

const hz = (midi: number): number => 440 * 2 ** ((midi - 69) / 12);

/**
 * Adds one plucked note (a soft electric-piano timbre: fundamental, a little 2nd and 3rd
 * harmonic, 8 ms attack, exponential decay) into `mix`, wrapping past the end so the loop joins
 * without a click.
 */
function pluck(mix: Float64Array, start: number, midi: number, gain: number, decaySeconds: number, lengthSeconds: number): void {
  const w = (2 * Math.PI * hz(midi)) / SAMPLE_RATE;
  const attack = 0.008 * SAMPLE_RATE;
  const length = Math.round(lengthSeconds * SAMPLE_RATE);
  const fade = 0.05 * SAMPLE_RATE;
  for (let n = 0; n < length; n += 1) {
    const env = Math.min(1, n / attack) * Math.exp(-n / (decaySeconds * SAMPLE_RATE)) * Math.min(1, (length - n) / fade);
    const v = Math.sin(w * n) + 0.25 * Math.sin(2 * w * n) + 0.08 * Math.sin(3 * w * n);
    const at = (start + n) % mix.length;
    mix[at] = (mix[at] as number) + gain * env * v;
  }
}

/**
 * keyline's own music on hold, used when no file is configured: 16 s of a gentle arpeggiated
 * chord progression (C Am F G Em Am Dm G) over a soft bass, computed from the notes above — no
 * recording, nothing copyrighted. Deterministic (the same samples every call, given the same
 * Math.sin), made to loop seamlessly with `LoopingPcmSource`. Returns a new 128,000-sample array;
 * computing it takes a few milliseconds, so make it once and share it.
 */
export function generatedHoldMusic(): Int16Array {
  const mix = new Float64Array(CHORDS.length * 8 * BEAT);
  CHORDS.forEach((chord, c) => {
    const bar = c * 8 * BEAT;
    pluck(mix, bar, chord.bass, 0.55, 0.9, 2.2);
    pluck(mix, bar + 4 * BEAT, chord.bass + 12, 0.25, 0.6, 1.2);
    chord.arpeggio.forEach((note, i) => pluck(mix, bar + i * BEAT, note, i % 4 === 0 ? 0.5 : 0.38, 0.35, 1.2));
  });
  let peak = 0;
  for (const v of mix) peak = Math.max(peak, Math.abs(v));
  const out = new Int16Array(mix.length);
  for (let i = 0; i < mix.length; i += 1) out[i] = Math.round(((mix[i] as number) * PEAK) / peak);
  return out;
}
