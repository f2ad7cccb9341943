/**
 * ITU-T G.711 µ-law expansion, bit-exact with ITU-T G.191's `ulaw_expand`: the decoder output
 * values of G.711 Table 2a (0, ±2, ±4 … ±8031 on the 14-bit scale) times 4, i.e. 0..±32124.
 *
 * The octet is inverted, then holds sign (bit 7, set = positive), segment (bits 6-4) and step
 * (bits 3-0). The output is the middle of the step's interval: ((2·step + 33) · 2^segment − 33) · 4.
 * 0xFF is +0 and 0x7F is −0: both decode to 0.
 */
function expand(code: number): number {
  const inverted = ~code & 0xff;
  const segment = (inverted >> 4) & 0x07;
  const step = inverted & 0x0f;
  const magnitude = (((step << 3) + 0x84) << segment) - 0x84;
  return code & 0x80 ? magnitude : -magnitude;
}

/** Every µ-law octet's 16-bit linear value, indexed by the octet. */
export const ULAW_DECODE: Readonly<Int16Array> = Int16Array.from({ length: 256 }, (_, code) => expand(code));

/** The 16-bit linear value of a µ-law octet (0..255; other numbers are taken modulo 256). */
export function decodeUlaw(code: number): number {
  return ULAW_DECODE[code & 0xff] ?? 0;
}
