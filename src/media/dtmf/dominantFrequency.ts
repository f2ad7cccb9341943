import { SAMPLE_RATE } from '../Frame.js';
import { goertzel } from './goertzel.js';

type Block = ArrayLike<number>;

/**
 * The frequency in [from, to] Hz where `samples` have the most power, found in two stages:
 *
 * 1. a coarse Goertzel scan every `stepHz` over a prefix of the samples short enough that its main
 *    lobe (sampleRate / length) is at least twice the step, so no peak falls between two probes;
 * 2. scans over all the samples around the coarse peak, each a tenth as fine as the last, from a
 *    quarter of the full block's main lobe down to 0.01 Hz.
 *
 * Accuracy is set by the block length: one second of a pure tone resolves it to far better than
 * 1 Hz. Two tones closer than about 2·stepHz may be taken for one. For tests and diagnostics, not
 * for per-frame use.
 */
export function dominantFrequency(samples: Block, from: number, to: number, stepHz = 1, sampleRate: number = SAMPLE_RATE): number {
  if (!(from >= 0 && to > from)) throw new RangeError(`from and to must satisfy 0 <= from < to, got ${from}..${to}`);
  if (!(stepHz > 0)) throw new RangeError(`stepHz must be > 0, got ${stepHz}`);
  if (samples.length === 0) throw new RangeError('samples must not be empty');
  const n = samples.length;
  const m = Math.min(n, Math.max(16, Math.floor(sampleRate / (2 * stepHz))));
  const prefix = Array.prototype.slice.call(samples, 0, m) as number[];
  let best = scan(prefix, from, to, stepHz, from, to, sampleRate);
  let window = Math.max(stepHz, sampleRate / m);
  let step = Math.min(window / 10, sampleRate / n / 4);
  while (step >= 0.01) {
    best = scan(samples, best - window, best + window, step, from, to, sampleRate);
    window = step;
    step /= 10;
  }
  return best;
}

function scan(samples: Block, lo: number, hi: number, step: number, from: number, to: number, sampleRate: number): number {
  let best = lo;
  let bestPower = -1;
  const count = Math.round((hi - lo) / step);
  for (let i = 0; i <= count; i += 1) {
    const f = Math.min(Math.max(lo + i * step, from), to);
    const p = goertzel(samples, f, sampleRate);
    if (p > bestPower) {
      bestPower = p;
      best = f;
    }
  }
  return best;
}
