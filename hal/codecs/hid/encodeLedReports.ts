import type { LedColor } from '../../contracts/panel.js';
import type { HidLedEncoding, HidPanelLayout } from './HidPanelLayout.js';
import { isLit, ledRgb } from './ledRgb.js';
import type { Rgb } from './ledRgb.js';

function colourBytes(c: Rgb, encoding: Exclude<HidLedEncoding, 'bit'>): number[] {
  switch (encoding) {
    case 'level':
      return [Math.max(c.r, c.g, c.b)];
    case 'rgb':
      return [c.r, c.g, c.b];
    case 'grb':
      return [c.g, c.r, c.b];
  }
}

/**
 * The output reports that bring a generic HID panel's LEDs to `state` (index key − 1; `null`
 * dark) for the keys in `changed` (1-based). Pure. A `frame` layout gives one report carrying
 * every key, so the newest state of all keys goes out together; a `perKey` layout one report per
 * changed key, in key order. No change, no report.
 */
export function encodeLedReports(layout: HidPanelLayout, state: ReadonlyArray<LedColor | null>, changed: Iterable<number>): Uint8Array[] {
  const keys = layout.rows * layout.cols;
  if (state.length !== keys) throw new RangeError(`state must hold ${keys} keys, got ${state.length}`);
  const dirty = [...new Set(changed)].sort((a, b) => a - b);
  for (const k of dirty) {
    if (!(Number.isInteger(k) && k >= 1 && k <= keys)) throw new RangeError(`changed key must be an integer in 1..${keys}, got ${String(k)}`);
  }
  if (dirty.length === 0) return [];
  const out = layout.output;
  if (out.mode === 'perKey') {
    return dirty.map((key) => {
      const report = new Uint8Array(out.length);
      const bytes = [out.reportId, ...out.prefix, key - 1 + out.keyBase, ...colourBytes(ledRgb(state[key - 1] ?? null), out.encoding)];
      report.set(bytes);
      return report;
    });
  }
  const report = new Uint8Array(out.length);
  report[0] = out.reportId;
  for (let key = 1; key <= keys; key++) {
    const c = ledRgb(state[key - 1] ?? null);
    if (out.encoding === 'bit') {
      if (isLit(c)) report[out.offset + ((key - 1) >> 3)]! |= 1 << ((key - 1) & 7);
    } else {
      const bytes = colourBytes(c, out.encoding);
      report.set(bytes, out.offset + (key - 1) * bytes.length);
    }
  }
  return [report];
}
