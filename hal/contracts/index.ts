// The HAL contracts: types and MUST/MUST NOT rules only; this folder imports nothing else.
export type { Millis, Clock } from './clock.js';
export { DeviceError } from './device.js';
export type { DeviceErrorCode, DeviceHealth, Device } from './device.js';
export type { CidStandard, ToneKind, DisconnectCue, FxoCaps, CallerIdFields, FxoEvent, FxoEventType, FxoAudio, FxoPort } from './fxo.js';
export type { LedColor, LedPattern, Led, Button, KeyPanelCaps, LedChange, KeyPanel } from './panel.js';
export type { CountryProfile } from './profile.js';
