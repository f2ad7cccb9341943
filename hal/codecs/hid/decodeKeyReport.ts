import type { HidPanelLayout } from './HidPanelLayout.js';

/**
 * Every key's state from one input report of a generic HID panel (index key − 1; `true` =
 * down), or `null` when the report is not a key report (another report ID, or too short). Pure.
 */
export function decodeKeyReport(layout: HidPanelLayout, report: Uint8Array): boolean[] | null {
  const { reportId, offset, bitOrder, activeLow } = layout.input;
  const keys = layout.rows * layout.cols;
  if (reportId !== null && report[0] !== reportId) return null;
  if (report.length < offset + Math.ceil(keys / 8)) return null;
  const down: boolean[] = [];
  for (let i = 0; i < keys; i++) {
    const byte = report[offset + (i >> 3)] ?? 0;
    const bit = bitOrder === 'lsb' ? i & 7 : 7 - (i & 7);
    const set = (byte & (1 << bit)) !== 0;
    down.push(activeLow ? !set : set);
  }
  return down;
}
