import { SAMPLE_RATE } from '../Frame.js';
import { dbm0ToPeak, TONE_LEVEL_DBM0 } from './dbm0.js';
import { parseTone } from './parseTone.js';
import type { TonePart, ToneSpec } from './ToneSpec.js';

/** Modulation depth of an `a*b` part (as Asterisk's generator uses). */
const MODULATION_DEPTH = 0.9;

/** One part ready to play: one exact period of its waveform, and its length in samples. */
export interface CompiledPart {
  /** Exactly one period (8000 / gcd(8000, frequencies) samples); null for silence. */
  readonly period: Int16Array | null;
  /** Duration in samples (ms × 8, exact); Infinity for a part that plays forever. */
  readonly samples: number;
}

export interface CompileToneOptions {
  /** Level of each frequency in dBm0 (default TONE_LEVEL_DBM0, -13). */
  levelDbm0?: number;
  /** What the tone configures, for error messages (e.g. `tones.busy`). */
  label?: string;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function compilePart(part: TonePart, peak: number): CompiledPart {
  const samples = part.durationMs === null ? Infinity : (part.durationMs * SAMPLE_RATE) / 1000;
  const [f1, f2] = part.frequencies;
  if (f1 === undefined) return { period: null, samples };
  // Integer frequencies at 8 kHz repeat exactly after 8000/gcd samples (at most one second).
  const length = SAMPLE_RATE / part.frequencies.reduce(gcd, SAMPLE_RATE);
  const period = new Int16Array(length);
  const w1 = (2 * Math.PI * f1) / SAMPLE_RATE;
  const w2 = (2 * Math.PI * (f2 ?? 0)) / SAMPLE_RATE;
  for (let n = 0; n < length; n += 1) {
    let v: number;
    if (f2 === undefined) v = peak * Math.sin(w1 * n);
    else if (part.combine === 'mix') v = peak * (Math.sin(w1 * n) + Math.sin(w2 * n));
    else v = (peak * Math.sin(w1 * n) * (1 + MODULATION_DEPTH * Math.sin(w2 * n))) / (1 + MODULATION_DEPTH);
    period[n] = Math.round(v);
  }
  return { period, samples };
}

/**
 * A tone with every part's waveform computed once, so playing it is copying: many `ToneSource`s
 * (64 lines of ringback) share one `CompiledTone`. Each part is one exact period of its waveform,
 * so looping it is seamless (phase-continuous across frames and for a part that plays forever).
 */
export class CompiledTone {
  readonly parts: readonly CompiledPart[];
  readonly repeatFrom: number | null;

  constructor(
    readonly spec: ToneSpec,
    readonly levelDbm0: number = TONE_LEVEL_DBM0,
  ) {
    const peak = dbm0ToPeak(levelDbm0);
    this.parts = spec.parts.map((p) => compilePart(p, peak));
    this.repeatFrom = spec.repeatFrom;
    if (this.parts.length === 0) throw new RangeError('a tone needs at least one part');
  }
}

/** Parses (if given a string) and compiles a tone. Throws `ToneError` for a bad string. */
export function compileTone(tone: string | ToneSpec, options: CompileToneOptions = {}): CompiledTone {
  const spec = typeof tone === 'string' ? parseTone(tone, options.label) : tone;
  return new CompiledTone(spec, options.levelDbm0);
}
