import { describe, expect, it } from 'vitest';
import { ANSI, visibleLength } from './ansi.js';
import { renderTable } from './renderTable.js';

describe('renderTable', () => {
  it('aligns columns two spaces apart without trailing blanks', () => {
    expect(renderTable(['ID', 'STATE', 'CALLER'], [['1', 'ringing.active', '5551234'], ['10', 'idle', '']])).toBe(
      'ID  STATE           CALLER\n' +
      '1   ringing.active  5551234\n' +
      '10  idle\n',
    );
  });

  it('measures coloured cells by what the terminal shows', () => {
    const red = `${ANSI.onRed}busy${ANSI.reset}`;
    expect(visibleLength(red)).toBe(4);
    expect(renderTable(['A', 'B'], [[red, 'x'], ['longer', 'y']])).toBe(`A       B\n${red}    x\nlonger  y\n`);
  });

  it('prints only the header for no rows, and fills short rows', () => {
    expect(renderTable(['A', 'B'], [])).toBe('A  B\n');
    expect(renderTable(['A', 'B', 'C'], [['x']])).toBe('A  B  C\nx\n');
  });
});
