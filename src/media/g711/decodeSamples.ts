import { ALAW_DECODE } from './decodeAlaw.js';
import { ULAW_DECODE } from './decodeUlaw.js';
import { checkSpanAt } from './checkSpanAt.js';
import type { G711Law } from './G711Law.js';

/**
 * Decodes G.711 octets into 16-bit samples in `out` (a new array unless given), and returns it.
 * Without `from`, all of `octets`, and a given `out` MUST have exactly `octets.length` samples.
 * With `from`, the `out.length` octets from there (a payload inside a datagram, read where it
 * lies instead of through a view made per packet); they MUST lie inside `octets`.
 */
export function decodeSamples(octets: Uint8Array, law: G711Law, out: Int16Array = new Int16Array(octets.length), from?: number): Int16Array {
  if (from !== undefined) checkSpanAt('octets', out.length, from, octets.length);
  else if (out.length !== octets.length) throw new RangeError(`out must hold ${octets.length} samples, got ${out.length}`);
  const start = from ?? 0;
  const table = law === 'PCMU' ? ULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < out.length; i += 1) out[i] = table[octets[start + i] ?? 0] ?? 0;
  return out;
}
