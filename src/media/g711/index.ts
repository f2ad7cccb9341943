/** ITU-T G.711 µ-law (PCMU) and A-law (PCMA): samples, octets and 20 ms frames. */
export type { G711Law } from './G711Law.js';
export { G711_LAWS } from './G711Law.js';
export { encodeUlaw, ULAW_ENCODE } from './encodeUlaw.js';
export { decodeUlaw, ULAW_DECODE } from './decodeUlaw.js';
export { ALAW_ENCODE, encodeAlaw } from './encodeAlaw.js';
export { decodeAlaw, ALAW_DECODE } from './decodeAlaw.js';
export { encodeSamples } from './encodeSamples.js';
export { decodeSamples } from './decodeSamples.js';
export { encodeFrame } from './encodeFrame.js';
export { decodeFrame } from './decodeFrame.js';
