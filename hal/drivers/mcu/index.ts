// The `mcu-si3050` driver: a microcontroller + Si3050 DAA board speaking KLB/1 (hardware.md §3.2).
export { createMcuPorts } from './createMcuPorts.js';
export type { McuContext } from './createMcuPorts.js';
export { McuBoard } from './McuBoard.js';
export type { McuBoardCaps, McuBoardOptions, McuBoardStats, McuBoardStatus, McuChannel } from './McuBoard.js';
export { McuFxoPort } from './McuFxoPort.js';
export type { McuFxoPortOptions } from './McuFxoPort.js';
export { mcuSettings, capMask, DEFAULT_CAPS } from './McuSettings.js';
export type { McuDeviceSpec, McuSettings } from './McuSettings.js';
export { nativeSerial } from './McuSerial.js';
export type { McuSerial, SerialOpener } from './McuSerial.js';
