// Pure HID report codecs for generic LED key panels (X-keys reports are encoded by the xkeys library).
export type { HidPanelLayout, HidKeyInput, HidLedOutput, HidLedEncoding } from './HidPanelLayout.js';
export { checkHidLayout } from './checkHidLayout.js';
export { encodeLedReports } from './encodeLedReports.js';
export { decodeKeyReport } from './decodeKeyReport.js';
export { diffKeys } from './diffKeys.js';
export type { KeyEdge } from './diffKeys.js';
export { ledRgb, isLit } from './ledRgb.js';
export type { Rgb } from './ledRgb.js';
