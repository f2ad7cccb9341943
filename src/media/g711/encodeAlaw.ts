/**
 * ITU-T G.711 A-law compression of one 16-bit linear sample: the segment algorithm of the
 * standard's Table 1a, bit-exact with ITU-T G.191's reference `alaw_compress`.
 *
 * G.711 A-law quantises a 13-bit value (sign + 12-bit magnitude), so a 16-bit sample is first
 * shifted right by 4 (the 16-bit scale is 8 × the standard's 4096 scale, and the first two
 * segments share one step). Negative samples take their one's complement (`~x = -x - 1`), as
 * G.191 does, which keeps the law symmetric. A-law has no zero code: the smallest codes are ±8.
 * The octet is the one sent on the line: sign bit set for positive, even bits inverted (XOR 0x55).
 */
function compress(sample: number): number {
  const negative = sample < 0;
  let code = (negative ? ~sample : sample) >> 4;
  if (code > 15) {
    let segment = 1;
    while (code > 31) {
      code >>= 1;
      segment += 1;
    }
    code = code - 16 + (segment << 4);
  }
  return (negative ? code : code | 0x80) ^ 0x55;
}

/** The code depends only on `sample >> 4`: a 4 K table indexed by the 12-bit value, filled once. */
const TABLE = new Uint8Array(1 << 12);
for (let i = 0; i < TABLE.length; i += 1) TABLE[i] = compress((i << 20) >> 16);

/** The octet for every `(sample >> 4) & 0x0fff`: what `encodeSamples` indexes directly. */
export const ALAW_ENCODE: Readonly<Uint8Array> = TABLE;

/**
 * The A-law octet for a 16-bit signed sample. `sample` MUST be an integer; outside −32768..32767
 * it is taken modulo 2^16, as an Int16Array would store it.
 */
export function encodeAlaw(sample: number): number {
  return TABLE[(sample >> 4) & 0x0fff] ?? 0;
}
