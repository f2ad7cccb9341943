/** Call-progress tones (Asterisk indications notation) and the join tone. */
export { parseTone } from './parseTone.js';
export type { TonePart, ToneSpec } from './ToneSpec.js';
export { ToneError } from './ToneError.js';
export { compileTone, CompiledTone } from './CompiledTone.js';
export type { CompiledPart, CompileToneOptions } from './CompiledTone.js';
export { ToneSource } from './ToneSource.js';
export { DBM0_PEAK, TONE_LEVEL_DBM0, dbm0ToPeak } from './dbm0.js';
export { JOIN_TONE, joinTone } from './joinTone.js';
export { CountryTones, DEFAULT_RINGBACK, TONE_NAMES } from './CountryTones.js';
export type { CountryTonesOptions, ToneName, ToneStrings } from './CountryTones.js';
