import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';
import { encodeSamples } from './encodeSamples.js';
import type { G711Law } from './G711Law.js';

/**
 * One 20 ms frame as a G.711 RTP payload: FRAME_SAMPLES octets, into `out` when given (exactly
 * FRAME_SAMPLES octets, or, with `at`, FRAME_SAMPLES octets from there). A frame of another
 * length is misuse and throws.
 */
export function encodeFrame(frame: Frame, law: G711Law, out?: Uint8Array, at?: number): Uint8Array {
  if (frame.length !== FRAME_SAMPLES) throw new RangeError(`frame must hold ${FRAME_SAMPLES} samples, got ${frame.length}`);
  return encodeSamples(frame, law, out, at);
}
