import { visibleLength } from './ansi.js';

/**
 * An aligned plain-text table: a header row, then one row per entry; columns two spaces apart,
 * no trailing blanks. Cells may hold ANSI colour; widths count what the terminal shows.
 */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => visibleLength(row[column] ?? ''))));
  return all
    .map((row) =>
      widths
        .map((width, column) => {
          const cell = row[column] ?? '';
          return column === widths.length - 1 ? cell : cell + ' '.repeat(width - visibleLength(cell));
        })
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
