// The HID panel driver suite against a real panel (hardware.md §8). Opt-in: it needs a panel on
// the bus, read/write access to its hidraw node and libusb, none of which CI has.
//
//   KEYLINE_TEST_PANEL=05f3:0405            an X-keys XK-24 (any unit ID)
//   KEYLINE_TEST_PANEL=05f3:0405#1          the one with unit ID 1
//   KEYLINE_TEST_PANEL=1209:4b4c KEYLINE_TEST_PANEL_LAYOUT=layout.json   a generic HID panel
//
// Run only this file: npx vitest run hal/drivers/hid/realPanel.test.ts
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KeyPanel } from '../../contracts/panel.js';
import { BlinkEngine } from '../../blink/BlinkEngine.js';
import { GenericHidPanel } from './GenericHidPanel.js';
import { nodeHidBackend } from './NodeHidTransport.js';
import { XkeysPanel } from './XkeysPanel.js';
import { realClock } from '../../../test/fakes/realClock.js';

const spec = process.env.KEYLINE_TEST_PANEL;
const HOW = 'pending: plug in a panel, install systemd/70-keyline.rules (or run as a user who can open its /dev/hidraw*), '
  + 'then set KEYLINE_TEST_PANEL=<vid:pid>[#unitId] (e.g. 05f3:0405 for an XK-24; a non-X-keys panel also needs KEYLINE_TEST_PANEL_LAYOUT=<layout.json>)';

/** The panel named by KEYLINE_TEST_PANEL, on the host's real clock (the panel runs on real time). */
function panelUnderTest(): KeyPanel {
  const [usb = '', unit] = (spec ?? '').split('#');
  const backend = nodeHidBackend();
  if (usb.startsWith('05f3:')) return new XkeysPanel({ id: 'real', clock: realClock, backend, usb, ...(unit ? { unitId: Number(unit) } : {}) });
  const layoutFile = process.env.KEYLINE_TEST_PANEL_LAYOUT;
  if (!layoutFile) throw new Error('KEYLINE_TEST_PANEL_LAYOUT=<layout.json> is required for a panel that is not an X-keys');
  return new GenericHidPanel({ id: 'real', clock: realClock, backend, usb, layout: JSON.parse(readFileSync(layoutFile, 'utf8')) as unknown });
}

const waitOnClock = (ms: number) => new Promise<void>((resolve) => realClock.setTimeout(resolve, ms));

describe.runIf(spec)(`real HID panel ${spec ?? ''}`, () => {
  it('opens, lights every key in turn, blinks in software for 2 s, goes dark and closes', { timeout: 20_000 }, async () => {
    const panel = panelUnderTest();
    const ready: number[] = [];
    const lost: unknown[] = [];
    panel.on('ready', () => ready.push(1)).on('lost', (e) => lost.push(e));
    await panel.open();
    expect(panel.health).toBe('ready');
    const engine = new BlinkEngine(realClock);
    engine.writeAll(panel);
    const colors = panel.caps.color === 'blueRed' ? (['blue', 'red'] as const) : (['green', 'red'] as const);
    for (let key = 1; key <= panel.caps.keys; key++) {
      engine.led(panel, key).set({ kind: 'steady', color: colors[key % 2]! });
      await waitOnClock(20);
    }
    engine.batch(() => {
      for (let key = 1; key <= panel.caps.keys; key++) engine.led(panel, key).set({ kind: 'blink', color: colors[0], onMs: 250, offMs: 250 });
    });
    await waitOnClock(2000);
    engine.allOff();
    engine.dispose();
    await panel.close();
    expect(ready).toEqual([1]);
    expect(lost).toEqual([]);
  });
});

describe.skipIf(spec)('real HID panel', () => {
  it.todo(HOW);
});
