import { describe, expect, it } from 'vitest';
import type { LedColor } from '../../contracts/panel.js';
import { genericGolden, genericLayouts } from '../../../test/fakes/hid/fixtures.js';
import { toHex } from '../../../test/fakes/hid/hex.js';
import { checkHidLayout } from './checkHidLayout.js';
import { encodeLedReports } from './encodeLedReports.js';

const mono16 = checkHidLayout(genericLayouts.mono16);
const rgb8 = checkHidLayout(genericLayouts.rgb8);

function encode(layout: typeof mono16, set: Record<number, LedColor>, changed: number[]): string[] {
  const state: Array<LedColor | null> = Array.from({ length: layout.rows * layout.cols }, (_, i) => set[i + 1] ?? null);
  return encodeLedReports(layout, state, changed).map((r) => toHex(r));
}

describe('encodeLedReports: frame layout (one bitmap for every key)', () => {
  it('writes the golden frames for one key on and off', () => {
    expect(encode(mono16, { 1: 'green' }, [1])).toEqual(genericGolden.mono16['key1-on']);
    expect(encode(mono16, {}, [1])).toEqual(genericGolden.mono16['key1-off']);
  });

  it('carries every key in one report, whatever changed', () => {
    expect(encode(mono16, { 1: 'red', 9: 'white', 16: { r: 1, g: 0, b: 0 } }, [9, 1, 16, 9])).toEqual(genericGolden.mono16['keys1,9,16-on']);
    expect(encode(mono16, { 1: 'red', 9: 'white', 16: 'blue' }, [16])).toEqual(genericGolden.mono16['keys1,9,16-on']);
  });

  it('writes nothing when nothing changed', () => {
    expect(encode(mono16, { 1: 'red' }, [])).toEqual([]);
  });
});

describe('encodeLedReports: per-key layout', () => {
  it('writes the golden report per colour (G, R, B order; amber is red and green)', () => {
    expect(encode(rgb8, { 1: 'green' }, [1])).toEqual(genericGolden.rgb8['key1-green']);
    expect(encode(rgb8, { 1: 'red' }, [1])).toEqual(genericGolden.rgb8['key1-red']);
    expect(encode(rgb8, {}, [1])).toEqual(genericGolden.rgb8['key1-off']);
    expect(encode(rgb8, { 8: 'amber' }, [8])).toEqual(genericGolden.rgb8['key8-amber']);
    expect(encode(rgb8, { 3: 'blue' }, [3])).toEqual(genericGolden.rgb8['key3-blue']);
  });

  it('writes one report per changed key, in key order', () => {
    expect(encode(rgb8, { 1: 'red', 3: 'blue' }, [3, 1])).toEqual([...genericGolden.rgb8['key1-red']!, ...genericGolden.rgb8['key3-blue']!]);
  });

  it('throws naming the key for a key outside the panel', () => {
    expect(() => encode(rgb8, {}, [9])).toThrow(/changed key must be an integer in 1\.\.8, got 9/);
  });
});
