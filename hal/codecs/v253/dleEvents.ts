import type { ToneKind } from '../../contracts/fxo.js';
import { ETX } from './dle.js';

/** What a `<DLE>x` event code from the modem means. */
export type DleMeaning =
  | { kind: 'ring' }
  | { kind: 'dtmf'; digit: string }
  | { kind: 'dtmfBracket' }
  | { kind: 'tone'; tone: ToneKind }
  | { kind: 'loopBreak' }
  | { kind: 'polarity' }
  | { kind: 'handset'; offHook: boolean }
  | { kind: 'endOfData' }
  | { kind: 'underrun' }
  | { kind: 'overrun' }
  | { kind: 'unknown'; code: number };

/** Names a modem profile may use to re-map a code (`dle` in the profile data). */
export type DleMeaningName =
  | 'ring' | 'busy' | 'dialTone' | 'silence' | 'ringback' | 'sit' | 'fax' | 'loopBreak' | 'polarity'
  | 'handsetOn' | 'handsetOff' | 'underrun' | 'overrun' | 'ignore';

const NAMED: Record<DleMeaningName, DleMeaning> = {
  ring: { kind: 'ring' },
  busy: { kind: 'tone', tone: 'busy' },
  dialTone: { kind: 'tone', tone: 'dial' },
  silence: { kind: 'tone', tone: 'silence' },
  ringback: { kind: 'tone', tone: 'ringback' },
  sit: { kind: 'tone', tone: 'sit' },
  fax: { kind: 'tone', tone: 'fax' },
  loopBreak: { kind: 'loopBreak' },
  polarity: { kind: 'polarity' },
  handsetOn: { kind: 'handset', offHook: false },
  handsetOff: { kind: 'handset', offHook: true },
  underrun: { kind: 'underrun' },
  overrun: { kind: 'overrun' },
  ignore: { kind: 'unknown', code: -1 },
};

/** The V.253 / IS-101 codes as hardware.md §3.1 lists them (mgetty `IS_101_handle_dle`). */
export const DEFAULT_DLE_CODES: Readonly<Record<string, DleMeaningName>> = {
  R: 'ring',
  b: 'busy', K: 'busy',
  d: 'dialTone', i: 'dialTone',
  s: 'silence', q: 'silence',
  r: 'ringback', J: 'sit',
  c: 'fax', a: 'fax', e: 'fax', f: 'fax',
  l: 'loopBreak', L: 'polarity',
  h: 'handsetOn', p: 'handsetOn', H: 'handsetOff', P: 'handsetOff',
  u: 'underrun', o: 'overrun',
};

export function isDleMeaningName(s: unknown): s is DleMeaningName {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(NAMED, s);
}

/**
 * Decodes one DLE event code. `overrides` (a modem profile's `dle` table, code character →
 * name) wins over the defaults; `ignore` turns a code off. DTMF digits `0-9*#A-D` and the
 * `/` `~` digit brackets are fixed by V.253. Total: unknown codes give `unknown`.
 */
export function decodeDleEvent(code: number, overrides: Readonly<Record<string, DleMeaningName>> = {}): DleMeaning {
  if (code === ETX) return { kind: 'endOfData' };
  const ch = String.fromCharCode(code);
  const name = Object.prototype.hasOwnProperty.call(overrides, ch) ? overrides[ch] : undefined;
  if (name !== undefined) return name === 'ignore' ? { kind: 'unknown', code } : NAMED[name];
  if (/^[0-9*#A-D]$/.test(ch)) return { kind: 'dtmf', digit: ch };
  if (ch === '/' || ch === '~') return { kind: 'dtmfBracket' };
  const def = Object.prototype.hasOwnProperty.call(DEFAULT_DLE_CODES, ch) ? DEFAULT_DLE_CODES[ch] : undefined;
  return def === undefined ? { kind: 'unknown', code } : NAMED[def];
}
