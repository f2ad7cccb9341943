import type { Millis } from '../contracts/clock.js';

export interface ToneSegment {
  on: boolean;
  ms: Millis;
}

/**
 * Parses a tone in Asterisk `indications.conf` notation (`480+620/500,0/500`: frequencies,
 * then `/ms`; frequency `0` is silence) into its on/off cadence. A tone with a part that has
 * no `/ms` is continuous and gives `null` (e.g. a dial tone `350+440`).
 * Throws naming `tone` when the text is not in that notation.
 */
export function toneCadence(tone: string): ToneSegment[] | null {
  if (typeof tone !== 'string' || tone.trim() === '') throw new TypeError(`tone must be a non-empty string, got ${String(tone)}`);
  const segments: ToneSegment[] = [];
  for (const part of tone.split(',')) {
    const m = /^\s*!?(\d+(?:[+*]\d+)?)(?:\/(\d+))?\s*$/.exec(part);
    if (!m) throw new RangeError(`tone: cannot parse "${part}" in "${tone}"`);
    if (m[2] === undefined) return null;
    const on = !/^0+$/.test(m[1] ?? '0');
    const ms = Number(m[2]);
    const last = segments[segments.length - 1];
    if (last && last.on === on) last.ms += ms;
    else segments.push({ on, ms });
  }
  return segments;
}

/** The period of a cadenced tone, or `null` for a continuous one. */
export function tonePeriodMs(tone: string): Millis | null {
  const segments = toneCadence(tone);
  return segments ? segments.reduce((sum, s) => sum + s.ms, 0) : null;
}
