import type { Clock, Millis } from '../../contracts/clock.js';
import type { FxoPort } from '../../contracts/fxo.js';
import { modemProfile } from './modemProfiles.js';
import type { SerialLinkFactory } from './SerialLink.js';
import { V253ModemPort } from './V253ModemPort.js';

/** The parts of a board's `fxo[]` entry this driver reads (boards/types.ts `FxoDeviceSpec`). */
export interface V253DeviceSpec {
  id: string;
  match?: { path?: string; usb?: string };
  options?: Record<string, unknown>;
  channels: Record<string, number>;
}

export interface V253DriverContext {
  clock: Clock;
  /** The country profile: its `flashMs` is the default flash length. */
  profile: { flashMs: Millis };
}

const OPTION_KEYS = new Set(['modemProfile', 'baudRate']);

/**
 * Builds the port of a `"compatible": "v253-modem"` board entry (hardware.md §6): one modem is one
 * line, so `channels` holds exactly one line on channel 0; `match.path` names the serial device
 * (one `*` allowed); `options.modemProfile` names the model (else detected by `ATI`) and
 * `options.baudRate` overrides its rate. Misuse throws naming the key.
 */
export function createV253Ports(spec: V253DeviceSpec, ctx: V253DriverContext, transport?: SerialLinkFactory): Map<string, FxoPort> {
  const where = `fxo[${spec.id}]`;
  const entries = Object.entries(spec.channels);
  const first = entries[0];
  if (entries.length !== 1 || !first || first[1] !== 0) throw new RangeError(`${where}.channels: a v253 modem has one line, on channel 0`);
  const path = spec.match?.path;
  if (typeof path !== 'string' || path === '') throw new RangeError(`${where}.match.path: the modem's serial device path is required`);
  const o = spec.options ?? {};
  for (const key of Object.keys(o)) if (!OPTION_KEYS.has(key)) throw new RangeError(`${where}.options.${key}: unknown option (known: ${[...OPTION_KEYS].join(', ')})`);
  if (o.modemProfile !== undefined) {
    if (typeof o.modemProfile !== 'string') throw new RangeError(`${where}.options.modemProfile: must be a string`);
    modemProfile(o.modemProfile, `${where}.options.modemProfile`);
  }
  if (o.baudRate !== undefined && !(Number.isInteger(o.baudRate) && (o.baudRate as number) >= 300)) {
    throw new RangeError(`${where}.options.baudRate: must be an integer >= 300, got ${String(o.baudRate)}`);
  }
  const [line] = first;
  const port = new V253ModemPort({
    line,
    clock: ctx.clock,
    path,
    id: `${spec.id}:0`,
    modemProfile: o.modemProfile as string | undefined,
    baudRate: o.baudRate as number | undefined,
    flashMs: ctx.profile.flashMs,
    transport,
  });
  return new Map<string, FxoPort>([[line, port]]);
}
