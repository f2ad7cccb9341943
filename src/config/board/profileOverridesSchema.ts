import { z } from 'zod';
import type { CidStandard, CountryProfile, DisconnectCue } from '../../../hal/contracts/index.js';
import { oneOf } from '../schemaPrimitives.js';
import { countryCode, millis } from './boardPrimitives.js';

/**
 * A board's `profile`: local changes to its country profile (hardware.md §2.3), every key
 * optional all the way down and unknown keys errors. Lists replace the country's, so a cadence or
 * a cue list is checked whole.
 */

const CID_STANDARDS = ['bell202', 'v23-uk', 'v23-etsi', 'dtmf', 'modem'] as const satisfies readonly CidStandard[];
const DISCONNECT_CUES = ['polarity', 'loopCurrent', 'busyTone', 'silence'] as const satisfies readonly DisconnectCue[];

const cadence = z
  .array(millis(), { error: 'expected a list of on, off, … durations in ms, such as [2000, 4000]' })
  .refine((segments) => segments.length >= 2 && segments.length % 2 === 0, 'a cadence is on, off pairs: an even number of durations, at least two');

// Asterisk indications.conf: `[!]freq[+|*freq][/ms]`, comma-separated, e.g. `480+620/500,0/500`.
const TONE = /^!?\d+([+*]\d+)?(\/\d+)?(\s*,\s*!?\d+([+*]\d+)?(\/\d+)?)*$/;
const tone = z
  .string({ error: 'expected a tone in indications.conf notation, such as "480+620/500,0/500"' })
  .regex(TONE, 'expected a tone in indications.conf notation, such as "480+620/500,0/500"');

type Profile = CountryProfile;

const ring = z.strictObject({
  // Optional values as in DeepPartial<CountryProfile>; JSON has no undefined, so it never shows.
  cadencesMs: z.record(z.string(), cadence.optional(), { error: 'expected named cadences, such as { normal: [2000, 4000] }' }).optional(),
  validateMs: millis().optional(),
} satisfies Record<keyof Profile['ring'], z.ZodType>);

const callerId = z.strictObject({
  standard: oneOf(CID_STANDARDS).optional(),
  timing: oneOf(['beforeFirstRing', 'afterFirstRing']).optional(),
  holdMs: millis().optional(),
} satisfies Record<keyof Profile['callerId'], z.ZodType>);

const dtmf = z.strictObject({ onMs: millis().optional(), offMs: millis().optional() } satisfies Record<keyof Profile['dtmf'], z.ZodType>);

const pulse = z.strictObject({
  breakMs: millis().optional(),
  makeMs: millis().optional(),
  interDigitMs: millis().optional(),
} satisfies Record<keyof Profile['pulse'], z.ZodType>);

const disconnect = z.strictObject({
  cues: z.array(oneOf(DISCONNECT_CUES), { error: `expected a list of cues: ${DISCONNECT_CUES.join(', ')}` }).optional(),
  loopDropMinMs: millis().optional(),
  seizeGuardMs: millis().optional(),
  busyCount: z.number({ error: 'expected a whole number, 1 or more' }).int('expected a whole number, 1 or more').positive('busyCount must be at least 1').optional(),
  silenceMs: millis().optional(),
  maxCallMs: z
    .number({ error: 'expected a number of milliseconds (0: no limit)' })
    .int('expected a whole number of milliseconds (0: no limit)')
    .min(0, 'must not be negative (0: no limit)')
    .optional(),
} satisfies Record<keyof Profile['disconnect'], z.ZodType>);

const tones = z.strictObject({
  dial: tone.optional(),
  busy: tone.optional(),
  reorder: tone.optional(),
} satisfies Record<keyof Profile['tones'], z.ZodType>);

const daa = z.strictObject({
  profile: z.string({ error: 'expected a DAA profile name such as "fcc" or "tbr21"' }).min(1, 'a DAA profile name must not be empty').optional(),
} satisfies Record<keyof Profile['daa'], z.ZodType>);

export const profileOverridesSchema = z.strictObject({
  country: countryCode().optional(),
  ring: ring.optional(),
  callerId: callerId.optional(),
  flashMs: millis().optional(),
  dtmf: dtmf.optional(),
  pulse: pulse.optional(),
  disconnect: disconnect.optional(),
  tones: tones.optional(),
  daa: daa.optional(),
} satisfies Record<keyof Profile, z.ZodType>);
