import type { Clock, CountryProfile, FxoPort, KeyPanel } from '../hal/contracts/index.js';
import { SimFxoPort } from '../hal/sim/SimFxoPort.js';
import { SimKeyPanel } from '../hal/sim/SimKeyPanel.js';
import { createGenericHidPanel, createXkeysPanel } from '../hal/drivers/hid/createHidPanels.js';
import { createV253Ports } from '../hal/drivers/v253/createV253Ports.js';
import { createMcuPorts } from '../hal/drivers/mcu/createMcuPorts.js';
import type { FxoDeviceSpec, PanelSpec, SimPanelOptions } from './types.js';

export interface DriverContext {
  clock: Clock;
  profile: CountryProfile;
}

/** Builds one port per channel of an FXO device entry, keyed by line id. */
export type FxoDriver = (spec: FxoDeviceSpec, ctx: DriverContext) => Map<string, FxoPort>;
/** Builds the panel of a panel entry. */
export type PanelDriver = (spec: PanelSpec, ctx: DriverContext) => KeyPanel;

/**
 * Drivers by `compatible`. `null` marks a known name whose driver is not in this build (real
 * hardware drivers come in later issues; the composition root adds them with `withDrivers`).
 */
export interface DriverRegistry {
  fxo: ReadonlyMap<string, FxoDriver | null>;
  panels: ReadonlyMap<string, PanelDriver | null>;
  leds: ReadonlyMap<string, null>;
}

export const simFxoDriver: FxoDriver = (spec, ctx) => {
  const ports = new Map<string, FxoPort>();
  for (const [line, channel] of Object.entries(spec.channels)) {
    ports.set(line, new SimFxoPort({ line, clock: ctx.clock, profile: ctx.profile, id: `${spec.id}:${channel}` }));
  }
  return ports;
};

export const simPanelDriver: PanelDriver = (spec, ctx) => {
  const o = (spec.options ?? {}) as Partial<SimPanelOptions>;
  for (const k of ['rows', 'cols'] as const) {
    if (!(Number.isInteger(o[k]) && (o[k] ?? 0) > 0)) throw new RangeError(`panels[${spec.id}].options.${k} must be a positive integer, got ${String(o[k])}`);
  }
  const color = o.color ?? 'rgb';
  if (!['rgb', 'blueRed', 'mono'].includes(color)) throw new RangeError(`panels[${spec.id}].options.color must be rgb, blueRed or mono, got ${String(color)}`);
  return new SimKeyPanel({ id: spec.id, clock: ctx.clock, rows: o.rows ?? 0, cols: o.cols ?? 0, color });
};

/** The drivers of this build: the simulators, `v253-modem` and `mcu-si3050`; other real ones are known names without a driver yet. */
export function defaultDrivers(): DriverRegistry {
  return {
    fxo: new Map<string, FxoDriver | null>([['sim-fxo', simFxoDriver], ['v253-modem', (spec, ctx) => createV253Ports(spec, ctx)], ['mcu-si3050', (spec, ctx) => createMcuPorts(spec, ctx)]]),
    panels: new Map<string, PanelDriver | null>([['sim-panel', simPanelDriver], ['xkeys', (spec, ctx) => createXkeysPanel(spec, ctx)], ['streamdeck', null],
      ['hid-panel', (spec, ctx) => createGenericHidPanel(spec, ctx)]]),
    leds: new Map<string, null>([['sysfs-led', null]]),
  };
}

/** A registry with some drivers added or replaced. */
export function withDrivers(base: DriverRegistry, add: { fxo?: Record<string, FxoDriver>; panels?: Record<string, PanelDriver> }): DriverRegistry {
  return {
    fxo: new Map([...base.fxo, ...Object.entries(add.fxo ?? {})]),
    panels: new Map([...base.panels, ...Object.entries(add.panels ?? {})]),
    leds: base.leds,
  };
}
