/**
 * How a generic HID LED key panel lays out its reports: data per model, no code (STYLE.md 3).
 * Keys are numbered 1..rows×cols. Byte offsets count from the first byte of a report as node-hid
 * hands it over: the report ID for numbered reports, else the first data byte. Output reports
 * always start with the report ID (0 for a device without numbered reports), as node-hid's
 * `write()` expects.
 */
export interface HidPanelLayout {
  /** Model name for messages and logs. */
  model: string;
  rows: number;
  cols: number;
  color: 'rgb' | 'blueRed' | 'mono';
  input: HidKeyInput;
  output: HidLedOutput;
  /** Output reports per second the panel takes without stalling, measured on the device. */
  reportsPerSecond: number;
}

/** Key state: one bit per key in a bitmap, key n at bit n−1. */
export interface HidKeyInput {
  /** Reports whose first byte is not this are ignored; `null`: unnumbered reports, all taken. */
  reportId: number | null;
  /** Byte offset of the bitmap. */
  offset: number;
  /** Within each byte, key n sits at bit (n−1) mod 8 counted from the least or the most significant bit. */
  bitOrder: 'lsb' | 'msb';
  /** A pressed key reads 0 (pull-up switch matrices). */
  activeLow?: boolean;
}

/**
 * LED encodings: `bit` one bit per key (lit or not, lsb first), `level` one byte per key
 * (brightest channel), `rgb`/`grb` three bytes per key in that order.
 */
export type HidLedEncoding = 'bit' | 'level' | 'rgb' | 'grb';

/**
 * `frame`: one report carries every key's LED, so a burst is always one report with the newest
 * state. `perKey`: one report per changed key: `[reportId, ...prefix, key − 1 + keyBase, colour…]`.
 * Both are zero-padded to `length` bytes (report ID included).
 */
export type HidLedOutput =
  | { mode: 'frame'; reportId: number; length: number; offset: number; encoding: HidLedEncoding }
  | { mode: 'perKey'; reportId: number; length: number; prefix: number[]; keyBase: number; encoding: Exclude<HidLedEncoding, 'bit'> };
