/**
 * Peak of a 0 dBm0 sine on keyline's 16-bit scale: G.711's digital milliwatt (Table 5, µ-law
 * 1E 0B 0B 1E 9E 8B 8B 9E, decoded) has an RMS of 16017, i.e. a sine peak of 22651.
 */
export const DBM0_PEAK = 22651;

/**
 * Default level of each frequency of a call-progress tone: -13 dBm0, so a dual tone is about
 * -10 dBm0 in all, as North American precise tones are specified, and a 400-425 Hz single tone
 * sits in the -10..-15 dBm0 range that European administrations use.
 */
export const TONE_LEVEL_DBM0 = -13;

/** Peak amplitude (16-bit scale) of a sine at `level` dBm0. */
export function dbm0ToPeak(level: number): number {
  if (!Number.isFinite(level) || level > 3) throw new RangeError(`level must be a finite dBm0 value <= 3, got ${level}`);
  return DBM0_PEAK * 10 ** (level / 20);
}
