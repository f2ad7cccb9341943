import type { CallerIdFields } from '../../contracts/fxo.js';

/** One `TAG = value` line as `parseResponseLine` gives it. */
export interface CallerIdLine {
  tag: string;
  value: string;
}

const NUMBER_TAGS: ReadonlySet<string> = new Set(['NMBR', 'NUMBER', 'CALLER NUMBER', 'DDN_NMBR', 'DDN', 'CID NUMBER', 'CLI']);
const NAME_TAGS: ReadonlySet<string> = new Set(['NAME', 'CALLER NAME', 'CNAM', 'CID NAME']);
const REASON_TAGS: ReadonlySet<string> = new Set(['REASON', 'NO NUMBER', 'NONUM']);
const DATE_TAGS: ReadonlySet<string> = new Set(['DATE']);
const TIME_TAGS: ReadonlySet<string> = new Set(['TIME']);

/** True for a tag that carries caller ID (others, e.g. `MESG`, are ignored). */
export function isCallerIdTag(tag: string): boolean {
  const t = tag.toUpperCase();
  return NUMBER_TAGS.has(t) || NAME_TAGS.has(t) || REASON_TAGS.has(t) || DATE_TAGS.has(t) || TIME_TAGS.has(t);
}

/** `O` (out of area, unavailable) or `P` (private, withheld), from a letter or a word. */
export function absentReason(value: string): 'O' | 'P' | null {
  const v = value.trim().replace(/^"|"$/g, '').trim().toUpperCase();
  if (v === 'P' || /^(PRIVATE|ANONYMOUS|WITHHELD|RESTRICTED|BLOCKED)( NUMBER| CALLER)?$/.test(v) || v === 'NUMBER WITHHELD') return 'P';
  if (v === 'O' || /^(OUT[ -]OF[ -]AREA|UNAVAILABLE|UNKNOWN|NOT AVAILABLE)( NUMBER| CALLER)?$/.test(v)) return 'O';
  return null;
}

/** Digits, `*`, `#` and a leading `+`; separators (spaces, dashes, dots, brackets) dropped. */
function normaliseNumber(value: string): string | null {
  const v = value.trim().replace(/^"|"$/g, '');
  if (!/^\+?[0-9*#A-D \-.()/]+$/i.test(v)) return null;
  const plus = v.startsWith('+') ? '+' : '';
  const digits = v.replace(/[^0-9*#A-D]/gi, '').toUpperCase();
  return digits ? plus + digits : null;
}

function pairs(digits: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < digits.length; i += 2) out.push(Number(digits.slice(i, i + 2)));
  return out;
}

/**
 * Turns the formatted caller-ID lines of one call (`AT+VCID=1`, hardware.md §3.1) into fields,
 * tolerating what real modems print:
 *
 * - North American MDMF: `DATE = MMDD`, `TIME = HHMM`, `NMBR = …`, `NAME = …`;
 * - private / out of area: `NMBR = P` / `O` (or words such as `PRIVATE`, `OUT OF AREA`), also
 *   for `NAME`; some modems add `REASON = O`;
 * - number only (SDMF, many ETSI networks); `DATE = MMDDHHMM` in one field; `CALLER NUMBER:`
 *   and `DDN_NMBR` spellings; spacing around `=` varies. Unknown tags (`MESG`) are ignored.
 *
 * Returns null when the lines hold neither a number, a name nor an absence reason. Pure.
 */
export function callerIdFromLines(lines: ReadonlyArray<CallerIdLine>): CallerIdFields | null {
  const out: CallerIdFields = {};
  let date: number[] = [];
  let time: number[] = [];
  for (const { tag, value } of lines) {
    const t = tag.toUpperCase();
    if (NUMBER_TAGS.has(t)) {
      const absent = absentReason(value);
      const number = absent ? null : normaliseNumber(value);
      if (absent && out.number === undefined) out.numberAbsent = absent;
      else if (number) {
        out.number = number;
        delete out.numberAbsent;
      }
    } else if (NAME_TAGS.has(t)) {
      const absent = absentReason(value);
      const name = value.trim().replace(/^"|"$/g, '').trim();
      if (absent) out.nameAbsent = absent;
      else if (name) out.name = name;
    } else if (REASON_TAGS.has(t)) {
      const absent = absentReason(value);
      if (absent && out.number === undefined) out.numberAbsent = absent;
    } else if (DATE_TAGS.has(t)) {
      const p = pairs(value.replace(/\D/g, ''));
      date = p.slice(0, 2);
      if (p.length >= 4) time = p.slice(2, 4);
    } else if (TIME_TAGS.has(t)) {
      time = pairs(value.replace(/\D/g, '')).slice(0, 2);
    }
  }
  const [month, day] = date;
  const [hour, minute] = time;
  if (month !== undefined && day !== undefined && hour !== undefined && minute !== undefined
    && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59) {
    out.when = { month, day, hour, minute };
  }
  if (out.number === undefined && out.numberAbsent === undefined && out.name === undefined && out.nameAbsent === undefined) return null;
  return out;
}
