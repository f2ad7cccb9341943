import { describe, expect, it } from 'vitest';
import { longestOffMs, matchCadence, ringSpacing, withinTolerance } from './cadenceMatch.js';
import { toneCadence, tonePeriodMs } from './toneCadence.js';

const US = { normal: [2000, 4000], distinctive2: [800, 400, 800, 4000] };

describe('cadence matching (hardware.md §2.2)', () => {
  it('accepts max(100 ms, 20 %) either way', () => {
    expect(withinTolerance(2400, 2000)).toBe(true);
    expect(withinTolerance(2401, 2000)).toBe(false);
    expect(withinTolerance(1600, 2000)).toBe(true);
    expect(withinTolerance(500, 400)).toBe(true); // 100 ms floor, 20 % would be 80
    expect(withinTolerance(501, 400)).toBe(false);
  });

  it('needs one full cycle and prefers the more specific cadence', () => {
    expect(matchCadence([2000], true, US)).toBeNull();
    expect(matchCadence([2050, 3900], true, US)).toBe('normal');
    expect(matchCadence([800, 400, 800], true, US)).toBeNull();
    expect(matchCadence([800, 400, 800, 4000], true, US)).toBe('distinctive2');
    expect(matchCadence([2600, 4000], true, US)).toBeNull();
  });

  it('matches a cycle picked up mid-way (rotation starting on the right kind of segment)', () => {
    // first segment measured is an off segment: [off 400, on 800, off 4000, on 800]
    expect(matchCadence([400, 800, 4000, 800], false, US)).toBe('distinctive2');
    // last window starts at an off segment: [on 2000, off 4000, on 2000] → window [4000, 2000]
    expect(matchCadence([2000, 4000, 2000], true, US)).toBe('normal');
  });

  it('matches RING spacing for ports that report rings only', () => {
    const spacing = { normal: ringSpacing([2000, 4000]), double: ringSpacing([400, 200, 400, 2000]) };
    expect(spacing).toEqual({ normal: [6000], double: [600, 2400] });
    expect(matchCadence([6100], null, spacing)).toBe('normal');
    expect(matchCadence([2400, 600], null, spacing)).toBe('double');
  });

  it('finds the longest off segment', () => {
    expect(longestOffMs(US)).toBe(4000);
    expect(longestOffMs({ normal: [400, 200, 400, 2000] })).toBe(2000);
  });
});

describe('toneCadence (indications.conf notation)', () => {
  it('parses cadenced and continuous tones', () => {
    expect(toneCadence('480+620/500,0/500')).toEqual([{ on: true, ms: 500 }, { on: false, ms: 500 }]);
    expect(toneCadence('400/400,0/350,400/225,0/525')).toHaveLength(4);
    expect(toneCadence('350+440')).toBeNull();
    expect(tonePeriodMs('425/375,0/375,420/375,0/375')).toBe(1500);
  });

  it('throws naming the tone for text it cannot read', () => {
    expect(() => toneCadence('beep/500')).toThrow(/tone/);
    expect(() => toneCadence('')).toThrow(/tone/);
  });
});
