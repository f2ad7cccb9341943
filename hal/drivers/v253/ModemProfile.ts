import { isDleMeaningName } from '../../codecs/v253/dleEvents.js';
import type { DleMeaningName } from '../../codecs/v253/dleEvents.js';
import type { AudioEncoding } from '../../codecs/v253/voiceSampleModes.js';

/** Line conditions a model really reports (hardware.md §3.1: list only real cues). */
export type ModemReport = 'dtmf' | 'busy' | 'dialTone' | 'silence' | 'ringback' | 'loopBreak' | 'polarity';

/**
 * What differs between voice-modem models, as data (`profiles/<name>.json`, hardware.md §3.1:
 * "keep per-model differences in data, never in code").
 */
export interface ModemProfile {
  name: string;
  description: string;
  /** The model is this one when an answer to `command` contains `contains` (case-insensitive). */
  detect: Array<{ command: string; contains: string }>;
  baudRate: number;
  rtscts: boolean;
  /** Sent in order after `ATZ`/`ATE0V1Q0`; each must answer `OK`. Includes `AT&D2` (DTR drop hangs up). */
  init: string[];
  offHook: string;
  onHook: string;
  /** Best-effort hang-up on close. */
  hangup: string;
  /** `AT+VCID=1` formatted caller ID is in `init`. */
  callerId: boolean;
  reports: ModemReport[];
  /** DLE code overrides: code character → meaning (`ignore` silences a code). */
  dle: Record<string, DleMeaningName>;
  /** USR emits `<DLE>d` spuriously while playing or recording. */
  ignoreDialToneWhileStreaming: boolean;
  /** The loop break a `<DLE>l` stands for (the modem's own detection threshold), > 0 when `loopBreak` is reported. */
  loopBreakMs: number;
  /** `duplex`: the full-duplex command (`AT+VTR`), or null for a model that can only signal. */
  audio: { prefer: AudioEncoding[]; duplex: string | null; vsm?: Partial<Record<AudioEncoding, number>> } | null;
  /** Hook flash through the dial modifier `!`, its length in an S-register. */
  flash: { sRegister: number; unitMs: number; command: string } | null;
  /** A `,` in a dial string waits this long. */
  pauseMs: number;
  commandTimeoutMs: number;
}

const REPORTS: ReadonlySet<string> = new Set(['dtmf', 'busy', 'dialTone', 'silence', 'ringback', 'loopBreak', 'polarity']);
const ENCODINGS: ReadonlySet<string> = new Set(['u8', 's16le', 'ulaw', 'alaw']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a profile object, throwing a `TypeError` that names `where` and the key. */
export function validateModemProfile(v: unknown, where: string): ModemProfile {
  const fail = (key: string, what: string): never => {
    throw new TypeError(`${where}.${key}: ${what}`);
  };
  if (!isRecord(v)) throw new TypeError(`${where}: must be an object`);
  const str = (k: string): void => void (typeof v[k] === 'string' && v[k] !== '' ? 0 : fail(k, 'must be a non-empty string'));
  const num = (k: string, min: number): void => void (typeof v[k] === 'number' && Number.isFinite(v[k]) && (v[k] as number) >= min ? 0 : fail(k, `must be a number >= ${min}`));
  for (const k of ['name', 'description', 'offHook', 'onHook', 'hangup']) str(k);
  num('baudRate', 300);
  num('loopBreakMs', 0);
  num('pauseMs', 1);
  num('commandTimeoutMs', 1);
  if (typeof v.rtscts !== 'boolean') fail('rtscts', 'must be a boolean');
  if (typeof v.callerId !== 'boolean') fail('callerId', 'must be a boolean');
  if (typeof v.ignoreDialToneWhileStreaming !== 'boolean') fail('ignoreDialToneWhileStreaming', 'must be a boolean');
  if (!Array.isArray(v.init) || !v.init.every((c) => typeof c === 'string' && /^AT/i.test(c))) fail('init', 'must be a list of AT commands');
  if (!Array.isArray(v.detect) || !v.detect.every((d) => isRecord(d) && typeof d.command === 'string' && typeof d.contains === 'string' && d.contains !== '')) {
    fail('detect', 'must be a list of { command, contains }');
  }
  if (!Array.isArray(v.reports) || !v.reports.every((r) => typeof r === 'string' && REPORTS.has(r))) fail('reports', `must list only ${[...REPORTS].join(', ')}`);
  if ((v.reports as string[]).includes('loopBreak') && !((v.loopBreakMs as number) > 0)) fail('loopBreakMs', 'must be > 0 when loopBreak is reported');
  if (!isRecord(v.dle) || !Object.entries(v.dle).every(([k, m]) => k.length === 1 && isDleMeaningName(m))) fail('dle', 'must map one code character to a DLE meaning name');
  if (v.audio !== null) {
    const a = v.audio;
    if (!isRecord(a)) return fail('audio', 'must be an object or null');
    if (!Array.isArray(a.prefer) || a.prefer.length === 0 || !a.prefer.every((e) => typeof e === 'string' && ENCODINGS.has(e))) fail('audio.prefer', 'must list encodings (u8, s16le, ulaw, alaw)');
    if (a.duplex !== null && typeof a.duplex !== 'string') fail('audio.duplex', 'must be an AT command or null');
    if (a.vsm !== undefined && !(isRecord(a.vsm) && Object.entries(a.vsm).every(([k, id]) => ENCODINGS.has(k) && Number.isInteger(id)))) fail('audio.vsm', 'must map encodings to +VSM ids');
  }
  if (v.flash !== null) {
    const f = v.flash;
    if (!isRecord(f) || !Number.isInteger(f.sRegister) || !(typeof f.unitMs === 'number' && f.unitMs > 0) || typeof f.command !== 'string') {
      fail('flash', 'must be { sRegister, unitMs, command } or null');
    }
  }
  return v as unknown as ModemProfile;
}
