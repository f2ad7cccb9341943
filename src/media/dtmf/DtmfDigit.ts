/** A DTMF key: the 12 of a phone and the 4 of the fourth column. */
export type DtmfDigit = '1' | '2' | '3' | 'A' | '4' | '5' | '6' | 'B' | '7' | '8' | '9' | 'C' | '*' | '0' | '#' | 'D';

/** ITU-T Q.23 low-group (row) frequencies, Hz. */
export const DTMF_ROWS = [697, 770, 852, 941] as const;
/** ITU-T Q.23 high-group (column) frequencies, Hz. */
export const DTMF_COLUMNS = [1209, 1336, 1477, 1633] as const;

/** The keypad, row by row (Q.23 Figure 1). */
export const DTMF_KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

export const DTMF_DIGITS: readonly DtmfDigit[] = DTMF_KEYPAD.flat();

export function isDtmfDigit(value: string): value is DtmfDigit {
  return (DTMF_DIGITS as readonly string[]).includes(value);
}

/** The digit's [row, column] frequencies in Hz. */
export function dtmfFrequencies(digit: DtmfDigit): [number, number] {
  for (let r = 0; r < 4; r += 1) {
    const c = DTMF_KEYPAD[r]?.indexOf(digit) ?? -1;
    if (c >= 0) return [DTMF_ROWS[r] as number, DTMF_COLUMNS[c] as number];
  }
  throw new RangeError(`digit must be one of ${DTMF_DIGITS.join('')}, got ${JSON.stringify(digit)}`);
}
