/** The few ANSI escapes the CLI uses (ECMA-48), written by hand: no dependency for six strings. */
export const ANSI = {
  reset: '\u001b[0m',
  dim: '\u001b[2m',
  hideCursor: '\u001b[?25l',
  showCursor: '\u001b[?25h',
  clearScreen: '\u001b[2J',
  home: '\u001b[H',
  clearLine: '\u001b[K',
  clearBelow: '\u001b[J',
  /** Black text on a coloured background. */
  onGreen: '\u001b[30;42m',
  onRed: '\u001b[30;41m',
  onAmber: '\u001b[30;43m',
} as const;

// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** The width a string takes on a terminal: escapes take none (each code point counts one). */
export function visibleLength(text: string): number {
  return [...text.replace(ESCAPES, '')].length;
}
