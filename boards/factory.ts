import { DeviceError } from '../hal/contracts/index.js';
import type { Clock, CountryProfile, FxoPort, KeyPanel } from '../hal/contracts/index.js';
import { SimFxoPort } from '../hal/sim/SimFxoPort.js';
import { SimKeyPanel } from '../hal/sim/SimKeyPanel.js';
import { defaultDrivers } from './drivers.js';
import type { DriverRegistry } from './drivers.js';
import { NullFxoPort } from './NullFxoPort.js';
import { NullKeyPanel } from './NullKeyPanel.js';
import type { BoardFile, PanelKeySpec, PanelSpec } from './types.js';

export { resolveProfile, loadProfile } from './resolveProfile.js';

export interface BuiltPanel {
  panel: KeyPanel;
  keys: Readonly<Record<string, PanelKeySpec>>;
  spec: PanelSpec;
}

export interface BuiltBoard {
  /** Every line's port, by line id; an absent optional device gives null ports. */
  fxo: Map<string, FxoPort>;
  panels: Map<string, BuiltPanel>;
  /** The simulated devices among them, for scripts and tests (`hardware.md` §7). */
  sim: { lines: Map<string, SimFxoPort>; panels: Map<string, SimKeyPanel> };
}

export interface CreateBoardOptions {
  clock: Clock;
  /** The resolved profile (`resolveProfile`). */
  profile: CountryProfile;
  /** Default: `defaultDrivers()` (simulators only). */
  drivers?: DriverRegistry;
}

/**
 * Builds the devices of a validated board description (`hardware.md` §6), unopened.
 *
 * - Devices bind to drivers by `compatible`. A known driver missing from this build is a
 *   `DeviceError('NOT_FOUND')` for a required device and a null object for an optional one.
 * - Misuse throws naming the entry: an unknown `compatible`, a line id on two channels, a key
 *   outside the panel.
 */
export function createBoard(board: BoardFile, opts: CreateBoardOptions): BuiltBoard {
  if (!board || board.schema !== 1) throw new TypeError('board must be a validated board description (schema 1)');
  if (!opts?.clock) throw new TypeError('opts.clock is required');
  if (!opts.profile) throw new TypeError('opts.profile is required');
  const drivers = opts.drivers ?? defaultDrivers();
  const ctx = { clock: opts.clock, profile: opts.profile };
  const built: BuiltBoard = { fxo: new Map(), panels: new Map(), sim: { lines: new Map(), panels: new Map() } };

  for (const spec of board.fxo) {
    const driver = lookup(drivers.fxo, spec.compatible, `fxo[${spec.id}].compatible`);
    const missing = `driver ${spec.compatible} not available in this build`;
    if (!driver && !spec.optional) throw new DeviceError('NOT_FOUND', `${spec.id}: ${missing}`, spec.id);
    const ports = driver
      ? driver(spec, ctx)
      : new Map(Object.entries(spec.channels).map(([line, ch]) => [line, new NullFxoPort(`${spec.id}:${ch}`, line, missing)]));
    for (const [line, port] of ports) {
      if (built.fxo.has(line)) throw new RangeError(`fxo[${spec.id}].channels.${line}: line ${line} is already on another channel`);
      built.fxo.set(line, port);
      if (port instanceof SimFxoPort) built.sim.lines.set(line, port);
    }
  }

  for (const spec of board.panels) {
    if (built.panels.has(spec.id)) throw new RangeError(`panels[${spec.id}].id: duplicate panel id`);
    const driver = lookup(drivers.panels, spec.compatible, `panels[${spec.id}].compatible`);
    const missing = `driver ${spec.compatible} not available in this build`;
    if (!driver && !spec.optional) throw new DeviceError('NOT_FOUND', `${spec.id}: ${missing}`, spec.id);
    const panel = driver ? driver(spec, ctx) : new NullKeyPanel(spec.id, Math.max(1, ...Object.keys(spec.keys).map(Number)), missing);
    for (const key of Object.keys(spec.keys)) {
      const k = Number(key);
      if (!(Number.isInteger(k) && k >= 1 && k <= panel.caps.keys)) throw new RangeError(`panels[${spec.id}].keys["${key}"]: key must be in 1..${panel.caps.keys}`);
    }
    built.panels.set(spec.id, { panel, keys: spec.keys, spec });
    if (panel instanceof SimKeyPanel) built.sim.panels.set(spec.id, panel);
  }

  for (const led of board.leds ?? []) lookup(drivers.leds, led.compatible, `leds[${led.id}].compatible`);
  return built;
}

function lookup<D>(map: ReadonlyMap<string, D | null>, compatible: string, where: string): D | null {
  if (!map.has(compatible)) throw new RangeError(`${where}: unknown driver "${compatible}" (known: ${[...map.keys()].join(', ')})`);
  return map.get(compatible) ?? null;
}
