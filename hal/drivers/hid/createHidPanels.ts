import type { Clock } from '../../contracts/clock.js';
import { GenericHidPanel } from './GenericHidPanel.js';
import type { HidBackend } from './HidTransport.js';
import { nodeHidBackend } from './NodeHidTransport.js';
import { XkeysPanel } from './XkeysPanel.js';

/** The parts of a board's `panels[]` entry these drivers read (boards/types.ts `PanelSpec`). */
export interface HidPanelSpec {
  id: string;
  match?: { path?: string; usb?: string; unitId?: number };
  options?: Record<string, unknown>;
}

export interface HidDriverContext {
  clock: Clock;
}

function usbOf(spec: HidPanelSpec, example: string): string {
  const usb = spec.match?.usb;
  if (typeof usb !== 'string' || usb === '') throw new RangeError(`panels[${spec.id}].match.usb: the panel's USB id is required (e.g. "${example}")`);
  return usb;
}

function checkOptions(spec: HidPanelSpec, known: readonly string[]): Record<string, unknown> {
  const o = spec.options ?? {};
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw new RangeError(`panels[${spec.id}].options.${key}: unknown option (known: ${known.join(', ') || 'none'})`);
  }
  return o;
}

/** Runs a constructor, naming the board key in its misuse errors (`opts.x` → `panels[id].options.x`). */
function named<T>(spec: HidPanelSpec, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof RangeError || err instanceof TypeError)) throw err;
    const where = `panels[${spec.id}]`;
    const msg = err.message
      .replace(/^opts\.unitId/, `${where}.match.unitId`)
      .replace(/^opts\./, `${where}.options.`)
      .replace(/^usb /, `${where}.match.usb `);
    throw err instanceof RangeError ? new RangeError(msg) : new TypeError(msg);
  }
}

/**
 * `"compatible": "xkeys"` (hardware.md §6): `match.usb` names the model ("05f3:0405" is an XK-24),
 * `match.unitId` picks one of several identical panels; option `initTimeoutMs`. Unopened; node-hid
 * is first touched by `open()`. Misuse throws naming the key.
 */
export function createXkeysPanel(spec: HidPanelSpec, ctx: HidDriverContext, backend: HidBackend = nodeHidBackend()): XkeysPanel {
  const o = checkOptions(spec, ['initTimeoutMs']);
  const usb = usbOf(spec, '05f3:0405');
  const unitId = spec.match?.unitId;
  const initTimeoutMs = o.initTimeoutMs;
  if (initTimeoutMs !== undefined && !(typeof initTimeoutMs === 'number' && initTimeoutMs > 0)) {
    throw new RangeError(`panels[${spec.id}].options.initTimeoutMs: must be a positive number of ms`);
  }
  return named(spec, () => new XkeysPanel({
    id: spec.id, clock: ctx.clock, backend, usb,
    ...(unitId === undefined ? {} : { unitId }),
    ...(initTimeoutMs === undefined ? {} : { initTimeoutMs }),
  }));
}

/**
 * `"compatible": "hid-panel"`: a generic HID LED key panel; `match.usb` finds it, option `layout`
 * describes its reports (`HidPanelLayout`), option `interface` picks the USB interface.
 */
export function createGenericHidPanel(spec: HidPanelSpec, ctx: HidDriverContext, backend: HidBackend = nodeHidBackend()): GenericHidPanel {
  const o = checkOptions(spec, ['layout', 'interface']);
  const usb = usbOf(spec, '1209:0001');
  if (o.interface !== undefined && !(Number.isInteger(o.interface) && (o.interface as number) >= 0)) {
    throw new RangeError(`panels[${spec.id}].options.interface: must be a USB interface number`);
  }
  if (o.layout === undefined) throw new RangeError(`panels[${spec.id}].options.layout: the panel's report layout is required`);
  return named(spec, () => new GenericHidPanel({
    id: spec.id, clock: ctx.clock, backend, usb, layout: o.layout,
    ...(o.interface === undefined ? {} : { interface: o.interface as number }),
  }));
}
