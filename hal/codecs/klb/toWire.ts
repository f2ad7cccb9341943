import { encodeFrame } from './KlbFrame.js';
import type { KlbFrame } from './KlbFrame.js';
import { slipEncode } from './slipEncode.js';

/** The bytes one frame takes on the wire: `END`, the escaped frame with its CRC, `END`. */
export function toWire(frame: KlbFrame): Uint8Array {
  return slipEncode(encodeFrame(frame));
}
