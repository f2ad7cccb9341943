import type { FxoCaps } from '../../contracts/fxo.js';

export type AudioEncoding = NonNullable<FxoCaps['audio']>['encoding'];

/** One compression method a modem offers in its `AT+VSM=?` answer. */
export interface VoiceSampleMode {
  id: number;
  name: string;
  /** What keyline can carry it as; null for methods it cannot use (ADPCM, signed 8-bit …). */
  encoding: AudioEncoding | null;
  /** Sample rates listed; empty when the modem lists none. */
  ratesHz: number[];
}

const MODE_LINE = /^(?:\+VSM:\s*)?(\d{1,3})\s*,\s*"([^"]*)"\s*(.*)$/i;

function classify(name: string, rest: string): AudioEncoding | null {
  const n = name.toUpperCase().replace(/µ/g, 'U');
  if (/ADPCM|GSM|CELP|CVSD|G\.?72/.test(n)) return null;
  if (/(^|[^A-Z])(U|MU)[- ]?LAW|G\.?711\s*U|ULAW/.test(n)) return 'ulaw';
  if (/(^|[^A-Z])A[- ]?LAW|G\.?711\s*A|ALAW/.test(n)) return 'alaw';
  const bits = /^,\s*(\d+)/.exec(rest)?.[1];
  const sixteen = /16/.test(n) || bits === '16';
  if (!/LINEAR|PCM/.test(n)) return null;
  if (sixteen) return /UNSIGNED/.test(n) ? null : 's16le';
  if (/(^|[^N])SIGNED/.test(n) && !/UNSIGNED/.test(n)) return null;
  return 'u8';
}

/**
 * Parses the lines of an `AT+VSM=?` answer (hardware.md §3.1), in the spellings modems use:
 * `128,"8-BIT LINEAR",(7200,8000,11025)` (USR), `4,"G711U",8,0,(8000),(0),(0)` (Conexant),
 * with or without a `+VSM:` prefix. Other lines are skipped. Pure.
 */
export function parseVoiceSampleModes(lines: ReadonlyArray<string>): VoiceSampleMode[] {
  const out: VoiceSampleMode[] = [];
  for (const line of lines) {
    const m = MODE_LINE.exec(line.trim());
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const rest = m[3] ?? '';
    const group = /\(([\d,\s-]*)\)/.exec(rest)?.[1] ?? '';
    const ratesHz = group.split(',').map((s) => Number(s.trim())).filter((r) => Number.isInteger(r) && r > 0);
    out.push({ id: Number(m[1]), name: m[2], encoding: classify(m[2], rest), ratesHz });
  }
  return out;
}

/** The first mode, in the order of `prefer`, that runs at 8 kHz; null when none fits. */
export function chooseVoiceSampleMode(modes: ReadonlyArray<VoiceSampleMode>, prefer: ReadonlyArray<AudioEncoding>): VoiceSampleMode | null {
  for (const enc of prefer) {
    const m = modes.find((x) => x.encoding === enc && (x.ratesHz.length === 0 || x.ratesHz.includes(8000)));
    if (m) return m;
  }
  return null;
}

/** Bytes per 20 ms frame at 8 kHz. */
export function frameBytes(encoding: AudioEncoding): number {
  return encoding === 's16le' ? 320 : 160;
}

/** One byte (or sample) of silence in an encoding, to keep a duplex stream fed. */
export function silenceByte(encoding: AudioEncoding): number {
  if (encoding === 'u8') return 0x80;
  if (encoding === 'ulaw') return 0xff;
  if (encoding === 'alaw') return 0xd5;
  return 0x00;
}
