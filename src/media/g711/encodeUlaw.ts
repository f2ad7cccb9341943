/**
 * ITU-T G.711 µ-law compression of one 16-bit linear sample: the segment algorithm of the
 * standard's Table 2a, bit-exact with ITU-T G.191's reference `ulaw_compress`.
 *
 * G.711 µ-law quantises a 14-bit value (sign + 13-bit magnitude), so a 16-bit sample is first
 * shifted right by 2. Negative samples take their one's complement (`~x = -x - 1`), as G.191
 * does: −1..−4 fall in the zero interval with 0..3 and the law stays symmetric. The biased
 * magnitude (`+ 33`) makes every segment start at a power of two; magnitudes above the top
 * decision value (8159, i.e. |x| ≥ 32636) clip to the last code. The octet is the one sent on the
 * line: all bits inverted, so positive codes are 0x80..0xFF and +0 is 0xFF.
 */
function compress(sample: number): number {
  const negative = sample < 0;
  const biased = Math.min(((negative ? ~sample : sample) >> 2) + 33, 0x1fff);
  let segment = 1;
  for (let i = biased >> 6; i !== 0; i >>= 1) segment += 1;
  const code = ((8 - segment) << 4) | (15 - ((biased >> segment) & 0x0f));
  return negative ? code : code | 0x80;
}

/**
 * The code depends only on `sample >> 2` (`~x >> 2 === ~(x >> 2)`), so a 16 K table indexed by
 * the 14-bit value holds every answer; it is filled once, by the segment algorithm above.
 */
const TABLE = new Uint8Array(1 << 14);
for (let i = 0; i < TABLE.length; i += 1) TABLE[i] = compress((i << 18) >> 16);

/** The octet for every `(sample >> 2) & 0x3fff`: what `encodeSamples` indexes directly. */
export const ULAW_ENCODE: Readonly<Uint8Array> = TABLE;

/**
 * The µ-law octet for a 16-bit signed sample. `sample` MUST be an integer; outside −32768..32767
 * it is taken modulo 2^16, as an Int16Array would store it.
 */
export function encodeUlaw(sample: number): number {
  return TABLE[(sample >> 2) & 0x3fff] ?? 0;
}
