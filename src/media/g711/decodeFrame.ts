import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';
import { decodeSamples } from './decodeSamples.js';
import type { G711Law } from './G711Law.js';

/**
 * A G.711 payload of exactly 20 ms (FRAME_SAMPLES octets) as a frame, into `out` when given.
 * Other lengths are misuse and throw: a peer's 10 or 30 ms packets go through `decodeSamples`
 * and the jitter buffer, which re-cuts them into frames. With `from`, the payload is the
 * FRAME_SAMPLES octets from there in a larger buffer (a datagram as it came).
 */
export function decodeFrame(bytes: Uint8Array, law: G711Law, out?: Frame, from?: number): Frame {
  if (from === undefined) {
    if (bytes.length !== FRAME_SAMPLES) throw new RangeError(`bytes must hold ${FRAME_SAMPLES} octets (20 ms), got ${bytes.length}`);
    return decodeSamples(bytes, law, out);
  }
  return decodeSamples(bytes, law, out ?? new Int16Array(FRAME_SAMPLES), from);
}
