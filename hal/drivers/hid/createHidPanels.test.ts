import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { FakeHidBackend } from '../../../test/fakes/hid/FakeHidDevice.js';
import { genericLayouts } from '../../../test/fakes/hid/fixtures.js';
import { createGenericHidPanel, createXkeysPanel } from './createHidPanels.js';
import { GenericHidPanel } from './GenericHidPanel.js';
import { XkeysPanel } from './XkeysPanel.js';

const ctx = { clock: new SimulatedClock() };
const backend = new FakeHidBackend();

describe('createXkeysPanel / createGenericHidPanel (board entries)', () => {
  it('build unopened panels from board entries', () => {
    const xk = createXkeysPanel({ id: 'desk1', match: { usb: '05f3:0405', unitId: 1 } }, ctx, backend);
    expect(xk).toBeInstanceOf(XkeysPanel);
    expect(xk.health).toBe('closed');
    const gen = createGenericHidPanel({ id: 'f1', match: { usb: '1209:4b4c' }, options: { layout: genericLayouts.rgb8 } }, ctx, backend);
    expect(gen).toBeInstanceOf(GenericHidPanel);
    expect(backend.scans).toBe(0);
  });

  it('name the board key in misuse errors', () => {
    expect(() => createXkeysPanel({ id: 'desk1' }, ctx, backend)).toThrow(/panels\[desk1\]\.match\.usb: the panel's USB id is required/);
    expect(() => createXkeysPanel({ id: 'desk1', match: { usb: '0fd9:0060' } }, ctx, backend)).toThrow(/panels\[desk1\]\.match\.usb 0fd9:0060 is not an X-keys/);
    expect(() => createXkeysPanel({ id: 'desk1', match: { usb: '05f3:0405', unitId: 300 } }, ctx, backend)).toThrow(/panels\[desk1\]\.match\.unitId must be/);
    expect(() => createXkeysPanel({ id: 'desk1', match: { usb: '05f3:0405' }, options: { flash: true } }, ctx, backend)).toThrow(/panels\[desk1\]\.options\.flash: unknown option/);
    expect(() => createGenericHidPanel({ id: 'f1', match: { usb: '1209:4b4c' } }, ctx, backend)).toThrow(/panels\[f1\]\.options\.layout: the panel's report layout is required/);
    expect(() => createGenericHidPanel({ id: 'f1', match: { usb: '1209:4b4c' }, options: { layout: { ...(genericLayouts.rgb8 as object), rows: 0 } } }, ctx, backend))
      .toThrow(/panels\[f1\]\.options\.layout\.rows must be/);
  });
});
