import type { Clock } from '../../contracts/clock.js';
import type { FxoPort } from '../../contracts/fxo.js';
import type { CountryProfile } from '../../contracts/profile.js';
import type { KlbLinkOptions } from './KlbLink.js';
import { McuBoard } from './McuBoard.js';
import { McuFxoPort } from './McuFxoPort.js';
import type { SerialOpener } from './McuSerial.js';
import { mcuSettings } from './McuSettings.js';
import type { McuDeviceSpec } from './McuSettings.js';

export interface McuContext {
  clock: Clock;
  profile: CountryProfile;
  /** Default: the native serial binding. Tests pass `SerialPortMock`. */
  serial?: SerialOpener;
  link?: KlbLinkOptions;
}

/**
 * The `mcu-si3050` driver for the board factory: one `McuBoard` for the device's serial port and
 * one `McuFxoPort` per channel, keyed by line id, unopened. Misuse throws naming the entry.
 */
export function createMcuPorts(spec: McuDeviceSpec, ctx: McuContext): Map<string, FxoPort> {
  const settings = mcuSettings(spec, ctx.profile);
  const board = new McuBoard({ settings, clock: ctx.clock, serial: ctx.serial, link: ctx.link });
  const ports = new Map<string, FxoPort>();
  for (const [line, channel] of Object.entries(settings.channels)) {
    ports.set(line, new McuFxoPort({ board, settings, clock: ctx.clock, line, channel }));
  }
  return ports;
}
