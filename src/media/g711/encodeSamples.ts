import { ALAW_ENCODE } from './encodeAlaw.js';
import { ULAW_ENCODE } from './encodeUlaw.js';
import { checkSpanAt } from './checkSpanAt.js';
import type { G711Law } from './G711Law.js';

/**
 * G.711-encodes any number of 16-bit samples, one octet each, into `out` (a new array unless
 * given), and returns it. Without `at`, a given `out` MUST have exactly `samples.length` octets.
 * With `at`, the octets go from there on (the payload place of an RTP packet buffer, written
 * without a view made per packet) and MUST fit.
 */
export function encodeSamples(samples: Int16Array, law: G711Law, out: Uint8Array = new Uint8Array(samples.length), at?: number): Uint8Array {
  if (at !== undefined) checkSpanAt('out', samples.length, at, out.length);
  else if (out.length !== samples.length) throw new RangeError(`out must hold ${samples.length} octets, got ${out.length}`);
  const start = at ?? 0;
  // One loop per law: a single call site for both would go polymorphic and run 4x slower.
  if (law === 'PCMU') {
    for (let i = 0; i < samples.length; i += 1) out[start + i] = ULAW_ENCODE[((samples[i] ?? 0) >> 2) & 0x3fff] ?? 0;
  } else {
    for (let i = 0; i < samples.length; i += 1) out[start + i] = ALAW_ENCODE[((samples[i] ?? 0) >> 4) & 0x0fff] ?? 0;
  }
  return out;
}
