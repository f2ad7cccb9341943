import type { CallerIdFields } from '../../contracts/fxo.js';

/** CID `standard` codes (as CONFIG `cidMode`): 1 Bell 202, 2 V.23, 3 DTMF. */
export const CidCode = { BELL202: 1, V23: 2, DTMF: 3 } as const;

/** CID `status`. */
export const CidStatus = { OK: 0, CHECKSUM: 1, TRUNCATED: 2 } as const;

const SDMF = 0x04;
const MDMF = 0x80;

/**
 * The fields of one caller-ID record as the board passes it on (hardware.md §2 message layer):
 * for FSK standards the message (type, length, parameters, checksum); for DTMF the digits.
 * Returns `null` when the record carries nothing usable or, for a complete message, its checksum
 * fails (the caller counts it and emits nothing). A truncated record (`complete` false) yields
 * what it holds: partial records are normal. Pure; never throws.
 */
export function parseCallerId(code: number, bytes: Uint8Array, complete: boolean): CallerIdFields | null {
  const fields = code === CidCode.DTMF ? parseDtmf(bytes) : parseFsk(bytes, complete);
  return fields && Object.keys(fields).length > 0 ? fields : null;
}

function parseFsk(bytes: Uint8Array, complete: boolean): CallerIdFields | null {
  if (bytes.length < 2) return null;
  if (complete && bytes.reduce((s, x) => (s + x) & 0xff, 0) !== 0) return null;
  const type = bytes[0];
  const declared = bytes[1] ?? 0;
  const body = bytes.subarray(2, Math.min(bytes.length - (complete ? 1 : 0), 2 + declared));
  if (type === SDMF) return parseSdmf(body);
  if (type === MDMF) return parseMdmf(body);
  return null;
}

function parseSdmf(body: Uint8Array): CallerIdFields {
  const out: CallerIdFields = {};
  const when = parseWhen(ascii(body.subarray(0, 8)));
  if (when) out.when = when;
  setNumber(out, ascii(body.subarray(8)));
  return out;
}

function parseMdmf(body: Uint8Array): CallerIdFields {
  const out: CallerIdFields = {};
  for (let i = 0; i + 2 <= body.length;) {
    const p = body[i] ?? 0;
    const len = body[i + 1] ?? 0;
    if (i + 2 + len > body.length) break;
    const text = ascii(body.subarray(i + 2, i + 2 + len));
    i += 2 + len;
    if (p === 0x01) {
      const when = parseWhen(text);
      if (when) out.when = when;
    } else if (p === 0x02) setNumber(out, text);
    else if (p === 0x04 && (text === 'O' || text === 'P')) out.numberAbsent = text;
    else if (p === 0x07 && text !== '') out.name = text;
    else if (p === 0x08 && (text === 'O' || text === 'P')) out.nameAbsent = text;
  }
  return out;
}

/** DTMF caller ID: `A`/`D` start, digits, `C` stop; `B00C` unavailable, `B10C` private. */
function parseDtmf(bytes: Uint8Array): CallerIdFields | null {
  const text = ascii(bytes).replace(/C$/, '');
  if (text.startsWith('B')) {
    if (text === 'B00') return { numberAbsent: 'O' };
    if (text === 'B10') return { numberAbsent: 'P' };
    return null;
  }
  const digits = text.replace(/^[AD]/, '');
  return /^[0-9*#]+$/.test(digits) ? { number: digits } : null;
}

function setNumber(out: CallerIdFields, text: string): void {
  if (text === 'O' || text === 'P') out.numberAbsent = text;
  else if (text !== '') out.number = text;
}

function parseWhen(text: string): CallerIdFields['when'] | null {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(text);
  if (!m) return null;
  const [month, day, hour, minute] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  return { month, day, hour, minute };
}

function ascii(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '';
  return s;
}
