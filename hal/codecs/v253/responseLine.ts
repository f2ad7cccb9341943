/** Final result codes that end an AT command (V.250 verbose form, plus V.253 `VCON`). */
export const FINAL_CODES = ['OK', 'ERROR', 'CONNECT', 'VCON', 'NO CARRIER', 'BUSY', 'NO DIALTONE', 'NO DIAL TONE', 'NO ANSWER'] as const;
export type FinalCode = (typeof FINAL_CODES)[number];

/** One text line from a modem, classified. */
export type ResponseLine =
  | { kind: 'final'; code: FinalCode }
  | { kind: 'ring' }
  | { kind: 'ringCadence'; on: boolean; ms: number }
  | { kind: 'callerId'; tag: string; value: string }
  | { kind: 'echo'; command: string }
  | { kind: 'info'; text: string };

const FINALS: ReadonlySet<string> = new Set(FINAL_CODES);
/** `DATE = 1123`, `NMBR=5551234`, `CALLER NUMBER: 5551234`, `DDN_NMBR = …` (hardware.md §3.1). */
const TAGGED = /^([A-Z][A-Z_ ]{2,14}[A-Z_])\s*[=:]\s*(.*)$/i;
const CADENCE = /^DRO([NF])\s*=\s*(\d{1,4})$/;

/**
 * Classifies one line (already split and trimmed by `V253Framer`). Pure and total: a line it
 * does not know is `info` (ATI answers, `+VSM:` lists, noise).
 *
 * - `RING` (optionally followed by a distinctive-ring digit, `RING 1`) is `ring`.
 * - `DRON=nn` / `DROF=nn` (`AT+VDR`) are ring on / off lengths in 100 ms units.
 * - `TAG = value` lines are caller-ID candidates; `callerIdFromLines` decides what they mean.
 * - A line starting with `AT` is the modem echoing a command (`ATE1`).
 */
export function parseResponseLine(text: string): ResponseLine {
  const line = text.trim();
  const upper = line.toUpperCase();
  if (FINALS.has(upper)) return { kind: 'final', code: upper as FinalCode };
  if (/^RING(\s+\w)?$/.test(upper)) return { kind: 'ring' };
  const cadence = CADENCE.exec(upper);
  if (cadence) return { kind: 'ringCadence', on: cadence[1] === 'N', ms: Number(cadence[2]) * 100 };
  if (upper.startsWith('AT')) return { kind: 'echo', command: line };
  const tagged = TAGGED.exec(line);
  if (tagged && tagged[1] !== undefined) return { kind: 'callerId', tag: tagged[1].toUpperCase().replace(/\s+/g, ' '), value: (tagged[2] ?? '').trim() };
  return { kind: 'info', text: line };
}
