/** Music on hold: a looping player, the WAV decoder, and keyline's generated default tune (the file is read by the service: src/service/media/loadHoldMusic). */
export { LoopingPcmSource } from './LoopingPcmSource.js';
export { decodeWav } from './decodeWav.js';
export { generatedHoldMusic } from './generatedHoldMusic.js';
export { HoldMusicError } from './HoldMusicError.js';
export type { HoldMusicErrorCode } from './HoldMusicError.js';
