import { describe, expect, it } from 'vitest';
import { genericLayouts } from '../../../test/fakes/hid/fixtures.js';
import { checkHidLayout } from './checkHidLayout.js';
import { ledRgb } from './ledRgb.js';

const base = genericLayouts.mono16 as Record<string, unknown>;
const withField = (path: string[], value: unknown): unknown => {
  const copy = structuredClone(base) as Record<string, Record<string, unknown>>;
  if (path.length === 1) (copy as Record<string, unknown>)[path[0]!] = value;
  else copy[path[0]!]![path[1]!] = value;
  return copy;
};

describe('checkHidLayout', () => {
  it('accepts the test layouts', () => {
    expect(checkHidLayout(genericLayouts.rgb8).output.mode).toBe('perKey');
    expect(checkHidLayout(base).rows * checkHidLayout(base).cols).toBe(16);
  });

  it('names the field that is wrong', () => {
    expect(() => checkHidLayout(withField(['rows'], 0), 'panels[p].options.layout')).toThrow(/panels\[p\]\.options\.layout\.rows must be an integer in 1\.\.64, got 0/);
    expect(() => checkHidLayout(withField(['input', 'bitOrder'], 'middle'))).toThrow(/layout\.input\.bitOrder must be one of lsb, msb/);
    expect(() => checkHidLayout(withField(['output', 'length'], 2))).toThrow(/layout\.output\.(offset|length)/);
    expect(() => checkHidLayout(null)).toThrow(/layout must be an object/);
  });
});

describe('ledRgb', () => {
  it('maps named colours and checks RGB values', () => {
    expect(ledRgb('amber')).toEqual({ r: 255, g: 255, b: 0 });
    expect(ledRgb(null)).toEqual({ r: 0, g: 0, b: 0 });
    expect(() => ledRgb({ r: 256, g: 0, b: 0 })).toThrow(/color\.r must be an integer in 0\.\.255/);
  });
});
