import { describe, expect, it } from 'vitest';
import { LAMPS } from '../core/lamp.js';
import type { Lamp } from '../core/lamp.js';
import { BLUE_RED_BOTH, lampPattern } from './lampPattern.js';
import type { LampStyle } from './lampPattern.js';

const RGB: LampStyle = { palette: { mine: 'green', other: 'red' }, color: 'rgb' };
const blink = (color: string, onMs: number, offMs: number) => ({ kind: 'blink', color, onMs, offMs });

describe('lampPattern: default rendering (lamps.md §3.2)', () => {
  const table: Array<[Lamp, unknown]> = [
    ['idle', { kind: 'off' }],
    ['ringing-here', blink('green', 250, 250)],
    ['ringing-not-here', blink('red', 500, 500)],
    ['seizing', { kind: 'steady', color: 'green' }],
    ['in-use-mine', { kind: 'steady', color: 'green' }],
    ['in-use-other', { kind: 'steady', color: 'red' }],
    ['held-mine', blink('green', 400, 100)],
    ['held-other', blink('red', 400, 100)],
    ['held-private-mine', blink('green', 100, 100)],
    ['held-private-other', { kind: 'steady', color: 'red' }],
    ['recall', { kind: 'cadence', segments: [{ color: 'green', ms: 250 }, { color: 'amber', ms: 250 }] }],
    ['out-of-service', blink('amber', 100, 1900)],
    ['unknown', blink('amber', 100, 1900)],
  ];
  it.each(table)('%s', (lamp, pattern) => {
    expect(lampPattern(lamp, RGB)).toEqual(pattern);
  });

  it('covers every lamp state', () => {
    expect(table.map(([l]) => l).sort()).toEqual([...LAMPS].sort());
  });

  it('uses the palette and per-lamp overrides', () => {
    const style: LampStyle = {
      palette: { mine: 'blue', other: 'white', attention: { r: 255, g: 0, b: 255 } }, color: 'rgb',
      patterns: { 'in-use-other': { colour: 'mine' }, 'held-mine': { cadence: 'flash' }, idle: { colour: 'amber', cadence: 'steady' } },
    };
    expect(lampPattern('in-use-other', style)).toEqual({ kind: 'steady', color: 'blue' });
    expect(lampPattern('held-mine', style)).toEqual(blink('blue', 500, 500));
    expect(lampPattern('idle', style)).toEqual({ kind: 'steady', color: 'amber' });
    expect(lampPattern('unknown', style)).toEqual(blink({ r: 255, g: 0, b: 255 } as unknown as string, 100, 1900));
  });

  it('throws naming the lamp for a bad one', () => {
    expect(() => lampPattern('dark' as Lamp, RGB)).toThrow(/lamp/);
  });
});

describe('lampPattern: degrading on limited panels (lamps.md §3.3)', () => {
  const BURST = { kind: 'cadence', segments: [...Array.from({ length: 5 }, () => [{ color: 'blue', ms: 100 }, { color: null, ms: 100 }]).flat(), { color: null, ms: 1000 }] };

  it('blueRed: mine blue, other red, attention both LEDs', () => {
    const style: LampStyle = { palette: { mine: 'green', other: 'red' }, color: 'blueRed' };
    expect(lampPattern('in-use-mine', style)).toEqual({ kind: 'steady', color: 'blue' });
    expect(lampPattern('in-use-other', style)).toEqual({ kind: 'steady', color: 'red' });
    expect(lampPattern('out-of-service', style)).toEqual(blink(BLUE_RED_BOTH as unknown as string, 100, 1900));
    expect(lampPattern('recall', style)).toEqual({ kind: 'cadence', segments: [{ color: 'blue', ms: 250 }, { color: BLUE_RED_BOTH, ms: 250 }] });
  });

  it('blueRed without mixing: recall → mine burst, attention lamps → other blip', () => {
    const style: LampStyle = { palette: { mine: 'blue', other: 'red' }, color: 'blueRed', mixing: false };
    expect(lampPattern('recall', style)).toEqual(BURST);
    expect(lampPattern('out-of-service', style)).toEqual(blink('red', 100, 1900));
    expect(lampPattern('unknown', style)).toEqual(blink('red', 100, 1900));
  });

  it('blueRed honours a palette that puts red first', () => {
    const style: LampStyle = { palette: { mine: 'red', other: 'blue' }, color: 'blueRed' };
    expect(lampPattern('in-use-mine', style)).toEqual({ kind: 'steady', color: 'red' });
  });

  it('mono: the cadence carries the meaning', () => {
    const style: LampStyle = { palette: { mine: 'blue', other: 'red' }, color: 'mono' };
    expect(lampPattern('ringing-here', style)).toEqual(blink('blue', 250, 250));
    expect(lampPattern('ringing-not-here', style)).toEqual(blink('blue', 500, 500));
    expect(lampPattern('in-use-other', style)).toEqual({ kind: 'steady', color: 'blue' });
    expect(lampPattern('held-other', style)).toEqual(blink('blue', 400, 100));
    expect(lampPattern('held-private-mine', style)).toEqual(blink('blue', 100, 100));
    expect(lampPattern('recall', style)).toEqual(BURST);
    expect(lampPattern('out-of-service', style)).toEqual(blink('blue', 100, 1900));
  });
});
