import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './editDistance.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('ringTimeout', 'ringtimeout')).toBe(0);
    expect(editDistance('ringtimout', 'ringTimeout')).toBe(1);
    expect(editDistance('prot', 'port')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('nearest', () => {
  it('suggests the closest candidate within two edits', () => {
    expect(nearest('lin1', ['line2', 'line1x', 'line1'])).toBe('line1');
    expect(nearest('ringdely', ['ringDelay', 'ringTimeout'])).toBe('ringDelay');
  });
  it('prefers a candidate that differs only in case and separators', () => {
    expect(nearest('line3', ['line1', 'Line_3'])).toBe('Line_3');
  });
  it('suggests nothing when every candidate is far', () => {
    expect(nearest('colour', ['site', 'general', 'lines'])).toBeUndefined();
  });
});
