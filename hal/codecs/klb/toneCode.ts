import type { ToneKind } from '../../contracts/fxo.js';

/** TONE `tone` codes: the index in this list (KLB/1 numbering). */
export const TONE_CODES: readonly ToneKind[] = ['dial', 'busy', 'reorder', 'ringback', 'sit', 'silence', 'fax'];

export function toneFromCode(code: number): ToneKind | null {
  return TONE_CODES[code] ?? null;
}

export function toneCode(tone: ToneKind): number {
  const i = TONE_CODES.indexOf(tone);
  if (i < 0) throw new RangeError(`tone must be one of ${TONE_CODES.join(', ')}, got ${String(tone)}`);
  return i;
}
