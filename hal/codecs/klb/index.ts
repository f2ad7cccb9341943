// KLB/1, the framed protocol of the `mcu-si3050` board (hardware.md §3.2): pure encode/decode.
export * from './constants.js';
export { crc16 } from './crc16.js';
export { encodeFrame, decodeFrame } from './KlbFrame.js';
export type { KlbFrame, FrameDecodeResult } from './KlbFrame.js';
export { slipEncode } from './slipEncode.js';
export { SlipSplitter } from './SlipSplitter.js';
export { KlbDecoder } from './KlbDecoder.js';
export type { KlbDecoderStats } from './KlbDecoder.js';
export { encodeHostMessage, decodeHostMessage } from './hostMessages.js';
export type { HostMessage, Decoded } from './hostMessages.js';
export { encodeBoardMessage, decodeBoardMessage } from './boardMessages.js';
export type { BoardMessage, KlbInfo, KlbChannelStatus } from './boardMessages.js';
export type { KlbConfig } from './KlbConfig.js';
export { toneFromCode, toneCode, TONE_CODES } from './toneCode.js';
export { parseCallerId, CidCode, CidStatus } from './parseCallerId.js';
export { toWire } from './toWire.js';
