// V.253 voice-modem codecs: pure, bytes and lines in, typed values out (hardware.md §3.1).
export { DLE, ETX, SUB, CAN, END_PLAYBACK, ABORT_PLAYBACK, LEAVE_DUPLEX, STOP_RECORDING, shieldDle } from './dle.js';
export { V253Framer } from './V253Framer.js';
export type { FramerItem } from './V253Framer.js';
export { decodeDleEvent, isDleMeaningName, DEFAULT_DLE_CODES } from './dleEvents.js';
export type { DleMeaning, DleMeaningName } from './dleEvents.js';
export { parseResponseLine, FINAL_CODES } from './responseLine.js';
export type { ResponseLine, FinalCode } from './responseLine.js';
export { callerIdFromLines, isCallerIdTag, absentReason } from './callerIdLines.js';
export type { CallerIdLine } from './callerIdLines.js';
export { parseVoiceSampleModes, chooseVoiceSampleMode, frameBytes, silenceByte } from './voiceSampleModes.js';
export type { VoiceSampleMode, AudioEncoding } from './voiceSampleModes.js';
export { toneDialCommand, sampleModeCommand, sRegisterCommand, splitPauses } from './atCommands.js';
