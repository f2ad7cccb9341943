/** In-band DTMF: generation, detection, and the Goertzel helpers. RFC 4733 events live in src/media/rtp. */
export type { DtmfDigit } from './DtmfDigit.js';
export { DTMF_COLUMNS, DTMF_DIGITS, DTMF_KEYPAD, DTMF_ROWS, dtmfFrequencies, isDtmfDigit } from './DtmfDigit.js';
export { DtmfGenerator } from './DtmfGenerator.js';
export type { DtmfGeneratorOptions } from './DtmfGenerator.js';
export { DtmfDetector } from './DtmfDetector.js';
export type { DtmfDetectorOptions } from './DtmfDetectorOptions.js';
export { goertzel, meanSquare } from './goertzel.js';
export { dominantFrequency } from './dominantFrequency.js';
