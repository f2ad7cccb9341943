// KLB/1 constants (hardware.md §3.2). Multi-byte fields are little-endian on the wire.

/** Protocol major version spoken by this codec. */
export const KLB_VERSION = 1;

/** `flags` bit 0: the receiver MUST answer with an ACK. */
export const FLAG_ACK_REQ = 0x01;
/** `flags` bit 1: a retransmission (same `seq`). */
export const FLAG_RETX = 0x02;

/** `ch` for frames about the whole board. */
export const CH_BOARD = 0xff;

/** `ver type seq(2) flags ch ts(4)`. */
export const HEADER_LEN = 10;
export const CRC_LEN = 2;
export const MAX_PAYLOAD = 240;
export const MIN_FRAME_LEN = HEADER_LEN + CRC_LEN;
export const MAX_FRAME_LEN = HEADER_LEN + MAX_PAYLOAD + CRC_LEN;

/** SLIP bytes (RFC 1055). */
export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

/** Message types; 0x7F ACK is used in both directions. */
export const MsgType = {
  HELLO: 0x01,
  CONFIG: 0x02,
  HOOK: 0x03,
  FLASH: 0x04,
  DIAL: 0x05,
  AUDIO_CTL: 0x06,
  AUDIO: 0x07,
  PING: 0x08,
  GET_STATUS: 0x09,
  RESET: 0x0a,
  ACK: 0x7f,
  INFO: 0x81,
  RING: 0x82,
  POLARITY: 0x83,
  LOOP: 0x84,
  LINE: 0x85,
  CID: 0x86,
  DTMF: 0x87,
  HOOK_STATE: 0x88,
  DIAL_DONE: 0x89,
  TONE: 0x8a,
  BOARD_AUDIO: 0x8b,
  PONG: 0x8c,
  STATUS: 0x8d,
  LOG: 0x8e,
  ERROR: 0x8f,
} as const;

/** ACK and ERROR status codes. */
export const KlbStatus = {
  OK: 0,
  UNKNOWN_TYPE: 1,
  BAD_LENGTH: 2,
  BAD_CHANNEL: 3,
  NOT_CONFIGURED: 4,
  INVALID_STATE: 5,
  BUSY: 6,
  BAD_VALUE: 7,
  HW_FAULT: 8,
  UNSUPPORTED_VERSION: 9,
  WATCHDOG_RESET: 10,
} as const;

/** INFO `caps` bits. */
export const CapBit = {
  ring: 0,
  polarity: 1,
  lineVoltage: 2,
  loopCurrent: 3,
  callerIdOnBoard: 4,
  onHookAudio: 5,
  dtmfDetect: 6,
  toneDetect: 7,
  pulseDial: 8,
  audio: 9,
  ukCallerIdLoad: 10,
} as const;
export type CapName = keyof typeof CapBit;

/** HOOK_STATE `cause`. */
export const HookCause = { COMMAND: 0, FLASH: 1, KEEPALIVE: 2, BOOT: 3, FAULT: 4 } as const;

/** DIAL_DONE `status`. */
export const DialStatus = { OK: 0, ABORTED: 1, BAD_DIGIT: 2 } as const;

/** Bytes of G.711 audio in one 20 ms AUDIO frame. */
export const AUDIO_FRAME_BYTES = 160;

/** CONFIG `daaProfile` codes: the DAA's line-interface setting by profile name. */
export const DAA_PROFILES: Readonly<Record<string, number>> = { fcc: 0, tbr21: 1, au: 2, jate: 3 };
