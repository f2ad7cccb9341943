// Plain types of a validated board file (hardware.md §6). The config engineer's schema produces
// exactly these; this file imports nothing but hal contract types.
import type { CountryProfile, KeyPanelCaps, LedColor, Millis } from '../hal/contracts/index.js';

/** Every field optional, all the way down; arrays are replaced, not merged. */
export type DeepPartial<T> = T extends ReadonlyArray<unknown> ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** A board's local changes to its country profile. */
export type ProfileOverrides = DeepPartial<CountryProfile>;

/** Driver names a board may use (`boards/drivers.ts` knows each; real ones come in later issues). */
export type FxoCompatible = 'sim-fxo' | 'v253-modem' | 'mcu-si3050';
export type PanelCompatible = 'sim-panel' | 'xkeys' | 'streamdeck' | 'hid-panel';
export type LedCompatible = 'sysfs-led';

/** How to find a device: `path` may hold one `*`; `usb` is lower-case `vid:pid`; `unitId` picks among identical X-keys. */
export interface DeviceMatch {
  path?: string;
  usb?: string;
  unitId?: number;
}

export interface FxoDeviceSpec {
  id: string;
  compatible: FxoCompatible;
  /** A missing optional device becomes a null object; a missing required one stops the start. */
  optional?: boolean;
  match?: DeviceMatch;
  /** Driver options (baud rate, keepalive, modem profile …), checked by the driver. */
  options?: Record<string, unknown>;
  /** Line id → channel number on this device. */
  channels: Record<string, number>;
}

/** A key's role: `{ line }` is short for `{ role: 'line', line }`. */
export type PanelKeySpec = { line: string } | { role: 'hold' | 'release' | 'line'; line?: string };

/** `sim-panel` options. */
export interface SimPanelOptions {
  rows: number;
  cols: number;
  color: KeyPanelCaps['color'];
}

export type PaletteColour = 'mine' | 'other' | 'attention';
export type LampCadenceName = 'off' | 'steady' | 'flash' | 'fast' | 'wink' | 'flutter' | 'burst' | 'blip' | 'alternate';

export interface BoardPalette {
  mine: LedColor;
  other: LedColor;
  attention?: LedColor;
}

export interface PanelSpec {
  id: string;
  compatible: PanelCompatible;
  optional?: boolean;
  match?: DeviceMatch;
  /** Driver options; for `sim-panel` a `SimPanelOptions`. */
  options?: Record<string, unknown>;
  /** Key number (1-based, as a string) → role. */
  keys: Record<string, PanelKeySpec>;
  /** This panel's palette, over the board's. */
  palette?: Partial<BoardPalette>;
  /** Per-lamp looks (`lamps.md` §3.2), keyed by lamp state name. */
  patterns?: Record<string, { colour?: PaletteColour | LedColor; cadence?: LampCadenceName }>;
}

export interface LedSpec {
  id: string;
  compatible: LedCompatible;
  optional?: boolean;
  /** `sysfs-led`: the name under /sys/class/leds. */
  name: string;
}

export interface BoardFile {
  schema: 1;
  board: string;
  description?: string;
  /** ISO 3166 alpha-2, lower case: selects `boards/profiles/<country>.json`. */
  country: string;
  profile?: ProfileOverrides;
  fxo: FxoDeviceSpec[];
  panels: PanelSpec[];
  palette: BoardPalette;
  /** `hardwareFlash`: a panel flash period usable in step with the blink engine, or null (software only). */
  blink: { hardwareFlash: Millis | null };
  leds?: LedSpec[];
}
