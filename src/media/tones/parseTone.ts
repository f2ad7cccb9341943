import { SAMPLE_RATE } from '../Frame.js';
import { ToneError } from './ToneError.js';
import type { TonePart, ToneSpec } from './ToneSpec.js';

const NYQUIST = SAMPLE_RATE / 2;
const MAX_PART_MS = 60_000;

/**
 * Parses a tone in Asterisk indications.conf notation:
 *
 *     tone  = part *("," part)
 *     part  = ["!"] freq [("+" | "*") freq] ["/" ms]
 *
 * - `350+440` plays both frequencies; `425*25` is 425 Hz amplitude-modulated by 25 Hz.
 * - `0` is silence; `/ms` is the part's duration; a part without one plays forever and MUST be
 *   the last.
 * - The cadence repeats from the first part without `!`; parts before it play once. When every
 *   part has `!`, or everything that would repeat is silence, the tone plays once and ends
 *   (`!440/200` is a single beep; so is `!425/200,0/200`).
 * - Frequencies are whole Hz below 4000 (half the 8 kHz sample rate); durations are whole ms,
 *   1..60000. Spaces around parts are allowed.
 *
 * Throws `ToneError` naming `label`, the string and the character at fault. Asterisk's musical
 * note form (`M…`) is not supported.
 */
export function parseTone(text: string, label = 'tone'): ToneSpec {
  if (typeof text !== 'string') throw new TypeError(`${label}: the tone must be a string, got ${typeof text}`);
  const fail = (index: number, reason: string): never => {
    throw new ToneError(text, index, reason, label);
  };
  if (text.trim() === '') fail(0, 'the tone is empty');

  const parts: TonePart[] = [];
  let repeatFrom: number | null = null;
  let offset = 0;
  for (const raw of text.split(',')) {
    const lead = raw.length - raw.trimStart().length;
    let item = raw.trim();
    let at = offset + lead;
    if (parts.length > 0 && parts[parts.length - 1]?.durationMs === null) {
      fail(at, 'only the last part may leave out its duration (a part without one plays forever)');
    }
    if (item === '') fail(at, 'a part is empty');
    const once = item.startsWith('!');
    if (once) {
      item = item.slice(1);
      at += 1;
    } else if (repeatFrom === null) {
      repeatFrom = parts.length;
    }
    if (/^m/i.test(item)) fail(at, 'musical notes (M…) are not supported; give frequencies in Hz');

    const slash = item.indexOf('/');
    const freqText = slash < 0 ? item : item.slice(0, slash);
    let durationMs: number | null = null;
    if (slash >= 0) {
      const d = item.slice(slash + 1);
      if (!/^\d+$/.test(d)) fail(at + slash + 1, `duration "${d}" is not a whole number of ms`);
      durationMs = Number(d);
      if (durationMs < 1 || durationMs > MAX_PART_MS) fail(at + slash + 1, `duration ${durationMs} ms is outside 1..${MAX_PART_MS}`);
    }

    const op = /[+*]/.exec(freqText);
    const combine = op?.[0] === '*' ? 'modulate' : 'mix';
    const pieces = op ? [freqText.slice(0, op.index), freqText.slice(op.index + 1)] : [freqText];
    const frequencies: number[] = [];
    let pieceAt = at;
    for (const piece of pieces) {
      if (!/^\d+$/.test(piece)) fail(pieceAt, piece === '' ? 'a frequency is missing' : `frequency "${piece}" is not a whole number of Hz`);
      const f = Number(piece);
      if (f >= NYQUIST) fail(pieceAt, `frequency ${f} Hz is not below ${NYQUIST} Hz`);
      frequencies.push(f);
      pieceAt += piece.length + 1;
    }
    if (combine === 'modulate' && frequencies.includes(0)) fail(at, 'a modulated tone needs two frequencies above 0 Hz');
    parts.push({ frequencies: combine === 'mix' ? frequencies.filter((f) => f > 0) : frequencies, combine, durationMs });
    offset += raw.length + 1;
  }

  // A cadence that would repeat nothing but silence has ended.
  if (repeatFrom !== null && parts.slice(repeatFrom).every((p) => p.frequencies.length === 0)) repeatFrom = null;
  return { parts, repeatFrom };
}
