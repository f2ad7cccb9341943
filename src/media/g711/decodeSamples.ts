import { ALAW_DECODE } from './decodeAlaw.js';
import { ULAW_DECODE } from './decodeUlaw.js';
import type { G711Law } from './G711Law.js';

/**
 * Decodes any number of G.711 octets into 16-bit samples in `out` (a new array unless given; a
 * given `out` MUST have exactly `octets.length` samples, and is returned).
 */
export function decodeSamples(octets: Uint8Array, law: G711Law, out: Int16Array = new Int16Array(octets.length)): Int16Array {
  if (out.length !== octets.length) throw new RangeError(`out must hold ${octets.length} samples, got ${out.length}`);
  const table = law === 'PCMU' ? ULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < octets.length; i += 1) out[i] = table[octets[i] ?? 0] ?? 0;
  return out;
}
