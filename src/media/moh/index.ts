/** Music on hold: a looping player, the WAV loader, and keyline's generated default tune. */
export { LoopingPcmSource } from './LoopingPcmSource.js';
export { decodeWav } from './decodeWav.js';
export { loadHoldMusic } from './loadHoldMusic.js';
export { generatedHoldMusic } from './generatedHoldMusic.js';
export { HoldMusicError } from './HoldMusicError.js';
export type { HoldMusicErrorCode } from './HoldMusicError.js';
