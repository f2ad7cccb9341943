/**
 * ITU-T G.711 A-law expansion, bit-exact with ITU-T G.191's `alaw_expand`: the decoder output
 * values of G.711 Table 1a (±1, ±3 … ±4032 on the 4096 scale) times 8, i.e. ±8..±32256.
 *
 * After undoing the even-bit inversion (XOR 0x55) the octet holds sign (bit 7, set = positive),
 * segment (bits 6-4) and step (bits 3-0); the output is the middle of the step's interval.
 */
function expand(code: number): number {
  const plain = (code ^ 0x55) & 0x7f;
  const segment = plain >> 4;
  const step = plain & 0x0f;
  const middle = (((segment > 0 ? step + 16 : step) << 4) + 8) << Math.max(segment - 1, 0);
  return code & 0x80 ? middle : -middle;
}

/** Every A-law octet's 16-bit linear value, indexed by the octet. */
export const ALAW_DECODE: Readonly<Int16Array> = Int16Array.from({ length: 256 }, (_, code) => expand(code));

/** The 16-bit linear value of an A-law octet (0..255; other numbers are taken modulo 256). */
export function decodeAlaw(code: number): number {
  return ALAW_DECODE[code & 0xff] ?? 0;
}
