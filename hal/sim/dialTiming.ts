import type { Millis } from '../contracts/clock.js';
import type { CountryProfile } from '../contracts/profile.js';

/** A comma in a dial string pauses this long (the usual modem S8 default). */
export const DIAL_PAUSE_MS = 2000;

export interface TimedDigit {
  digit: string;
  /** When the digit starts, from the start of dialling. */
  startMs: Millis;
  /** When it has been sent completely. */
  endMs: Millis;
}

/**
 * When each digit of a dial string goes out (`hardware.md` §2.1, §2.3): DTMF `onMs` tone and
 * `offMs` gap per digit; pulse `n` breaks and makes (`0` = 10) then `interDigitMs`; `,` pauses.
 * The caller validates the string.
 */
export function dialTiming(digits: string, mode: 'dtmf' | 'pulse', profile: CountryProfile): { digits: TimedDigit[]; totalMs: Millis } {
  const out: TimedDigit[] = [];
  let t = 0;
  for (const digit of digits) {
    if (digit === ',') {
      t += DIAL_PAUSE_MS;
      continue;
    }
    if (mode === 'dtmf') {
      out.push({ digit, startMs: t, endMs: t + profile.dtmf.onMs });
      t += profile.dtmf.onMs + profile.dtmf.offMs;
    } else {
      const pulses = digit === '0' ? 10 : Number(digit);
      const length = pulses * (profile.pulse.breakMs + profile.pulse.makeMs);
      out.push({ digit, startMs: t, endMs: t + length });
      t += length + profile.pulse.interDigitMs;
    }
  }
  return { digits: out, totalMs: t };
}
