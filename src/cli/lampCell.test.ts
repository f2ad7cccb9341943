import { describe, expect, it } from 'vitest';
import { ANSI } from './ansi.js';
import { LAMP_CELL_WIDTH, isBlinking, lampCell } from './lampCell.js';

const tty = (lamp: Parameters<typeof lampCell>[0], step: number): string => lampCell(lamp, { tty: true, step, width: 8 });

describe('lampCell', () => {
  it('off a terminal: the label, (~) when the lamp blinks, padded to the width', () => {
    expect(lampCell('ringing-here', { tty: false, step: 0, width: 10 })).toBe('RING(~)   ');
    expect(lampCell('in-use-other', { tty: false, step: 0, width: 10 })).toBe('busy      ');
    expect(lampCell('recall', { tty: false, step: 0, width: LAMP_CELL_WIDTH })).toBe('RECALL(~) ');
    expect(lampCell(undefined, { tty: false, step: 0, width: 4 })).toBe('    ');
  });

  it('lamps.md §3.2 colours: mine green, other red, attention amber', () => {
    expect(tty('in-use-mine', 0)).toBe(`${ANSI.onGreen} talk   ${ANSI.reset}`);
    expect(tty('in-use-other', 0)).toBe(`${ANSI.onRed} busy   ${ANSI.reset}`);
    expect(tty('out-of-service', 0)).toBe(`${ANSI.onAmber} o-o-s  ${ANSI.reset}`);
    expect(tty('idle', 0)).toBe(`${ANSI.dim} idle   ${ANSI.reset}`);
  });

  it('blinks at the cadence on the 250 ms steps: fast every step, flash every two', () => {
    const lit = (lamp: Parameters<typeof lampCell>[0]): boolean[] => [0, 1, 2, 3].map((step) => !tty(lamp, step).startsWith(ANSI.dim));
    expect(lit('ringing-here')).toEqual([true, false, true, false]);
    expect(lit('ringing-not-here')).toEqual([true, true, false, false]);
    expect(lit('in-use-mine')).toEqual([true, true, true, true]);
    expect(lit('held-mine')).toEqual([true, true, true, false]);
  });

  it('recall alternates green and amber', () => {
    expect(tty('recall', 0).startsWith(ANSI.onGreen)).toBe(true);
    expect(tty('recall', 1).startsWith(ANSI.onAmber)).toBe(true);
    expect(tty('recall', 9).startsWith(ANSI.onAmber)).toBe(true);
  });

  it('knows which lamps blink', () => {
    expect(isBlinking('held-private-other')).toBe(false);
    expect(isBlinking('held-private-mine')).toBe(true);
    expect(isBlinking('unknown')).toBe(true);
  });
});
