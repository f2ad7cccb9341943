import { describe, expect, it } from 'vitest';
import { genericGolden, genericLayouts } from '../../../test/fakes/hid/fixtures.js';
import { fromHex } from '../../../test/fakes/hid/hex.js';
import { checkHidLayout } from './checkHidLayout.js';
import { decodeKeyReport } from './decodeKeyReport.js';
import { diffKeys } from './diffKeys.js';

const mono16 = checkHidLayout(genericLayouts.mono16);
const rgb8 = checkHidLayout(genericLayouts.rgb8);
const input = genericGolden.input;
const downKeys = (s: boolean[] | null): number[] => (s ?? []).flatMap((d, i) => (d ? [i + 1] : []));

describe('decodeKeyReport', () => {
  it('reads the key bitmap after the report ID, least significant bit first', () => {
    expect(downKeys(decodeKeyReport(mono16, fromHex(input['mono16-key1-down']!)))).toEqual([1]);
    expect(downKeys(decodeKeyReport(mono16, fromHex(input['mono16-key10-down']!)))).toEqual([10]);
    expect(downKeys(decodeKeyReport(mono16, fromHex(input['mono16-none']!)))).toEqual([]);
  });

  it('reads unnumbered, most-significant-first, active-low bitmaps', () => {
    expect(downKeys(decodeKeyReport(rgb8, fromHex(input['rgb8-key1-down']!)))).toEqual([1]);
    expect(downKeys(decodeKeyReport(rgb8, fromHex(input['rgb8-none']!)))).toEqual([]);
  });

  it('ignores reports with another report ID or too short', () => {
    expect(decodeKeyReport(mono16, fromHex('03010000'))).toBeNull();
    expect(decodeKeyReport(mono16, fromHex('0101'))).toBeNull();
  });
});

describe('diffKeys', () => {
  it('gives press and release edges in key order; a first report counts keys as up before', () => {
    expect(diffKeys([], [true, false, true])).toEqual([{ key: 1, down: true }, { key: 3, down: true }]);
    expect(diffKeys([true, false, true], [false, true, true])).toEqual([{ key: 1, down: false }, { key: 2, down: true }]);
    expect(diffKeys([true], [true])).toEqual([]);
  });
});
