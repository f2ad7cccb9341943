import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../schemaPrimitives.js';
import { sanitizeId } from './sanitizeId.js';

describe('sanitizeId', () => {
  it('keeps a valid id', () => {
    expect(sanitizeId('line1', 'line', new Set())).toBe('line1');
  });
  it('lower-cases and replaces other characters with "-"', () => {
    expect(sanitizeId('Line_3', 'line', new Set())).toBe('line-3');
    expect(sanitizeId('Front Desk (main)', 'station', new Set())).toBe('front-desk-main');
  });
  it('prefixes names that do not start with a letter', () => {
    expect(sanitizeId('201', 'station', new Set())).toBe('station-201');
    expect(sanitizeId('__', 'station', new Set())).toBe('station');
  });
  it('cuts to 32 characters', () => {
    const id = sanitizeId('a'.repeat(40), 'line', new Set());
    expect(id).toBe('a'.repeat(32));
  });
  it('makes ids unique among those taken, and records its own', () => {
    const taken = new Set(['line-3']);
    expect(sanitizeId('LINE_3', 'line', taken)).toBe('line-3-2');
    expect(sanitizeId('line 3', 'line', taken)).toBe('line-3-3');
    expect(taken).toEqual(new Set(['line-3', 'line-3-2', 'line-3-3']));
  });
  it('always produces an id the loader accepts', () => {
    const taken = new Set<string>();
    for (const name of ['x'.repeat(32), 'x'.repeat(32), '9', 'é', '-a-', 'ALL CAPS STATION NAME THAT IS LONG']) {
      expect(sanitizeId(name, 'station', taken)).toMatch(ID_PATTERN);
    }
  });
});
