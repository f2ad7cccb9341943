// USB HID key panel drivers (hardware.md §4): X-keys through the xkeys library, generic HID LED
// panels through the layout codecs in hal/codecs/hid; node-hid underneath, injectable for tests.
export { XkeysPanel } from './XkeysPanel.js';
export type { XkeysPanelOptions } from './XkeysPanel.js';
export { GenericHidPanel } from './GenericHidPanel.js';
export type { GenericHidPanelOptions } from './GenericHidPanel.js';
export { HidKeyPanel } from './HidKeyPanel.js';
export type { HidLink, HidLinkEvents, HidKeyPanelOptions } from './HidKeyPanel.js';
export type { HidBackend, HidDeviceInfo, HidEnumerate, HidTransport } from './HidTransport.js';
export { NodeHidTransport, nodeHidBackend } from './NodeHidTransport.js';
export { HidWatcher } from './HidWatcher.js';
export { matchHidDevices, parseUsbId } from './matchHidDevices.js';
export type { HidMatch } from './matchHidDevices.js';
export { hidError, LIBUSB_ADVICE } from './hidError.js';
export { xkeysModel } from './xkeysModel.js';
export type { XkeysModel } from './xkeysModel.js';
export { createXkeysPanel, createGenericHidPanel } from './createHidPanels.js';
export type { HidPanelSpec, HidDriverContext } from './createHidPanels.js';
