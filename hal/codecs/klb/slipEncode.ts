import { SLIP_END, SLIP_ESC, SLIP_ESC_END, SLIP_ESC_ESC } from './constants.js';

/**
 * SLIP-encodes one frame (RFC 1055) with an `END` before it, to flush line noise at the
 * receiver, and one after it (hardware.md §3.2).
 */
export function slipEncode(frame: Uint8Array): Uint8Array {
  const out: number[] = [SLIP_END];
  for (const b of frame) {
    if (b === SLIP_END) out.push(SLIP_ESC, SLIP_ESC_END);
    else if (b === SLIP_ESC) out.push(SLIP_ESC, SLIP_ESC_ESC);
    else out.push(b);
  }
  out.push(SLIP_END);
  return Uint8Array.from(out);
}
