/**
 * One step of a tone cadence: up to two frequencies played together (`mix`) or the first
 * amplitude-modulated by the second (`modulate`), for `durationMs`, or forever when null.
 * No frequencies (or only 0 Hz) is silence.
 */
export interface TonePart {
  /** 0, 1 or 2 frequencies in whole Hz, each 1..3999. */
  frequencies: number[];
  combine: 'mix' | 'modulate';
  durationMs: number | null;
}

/**
 * A parsed tone: its parts in order and where the cadence repeats from (Asterisk
 * indications.conf semantics: the first part without `!`). `repeatFrom` null: the tone plays
 * once and ends.
 */
export interface ToneSpec {
  parts: TonePart[];
  repeatFrom: number | null;
}
