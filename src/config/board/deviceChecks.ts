import type { BoardFile } from '../../../boards/types.js';
import type { Finding } from '../Finding.js';
import { formatKey } from '../keyPath.js';
import type { KeyPath } from '../keyPath.js';
import type { Where } from '../lineChecks.js';

const error = (path: KeyPath, anchor: Finding['anchor'], message: string): Finding => ({ path, anchor, message, severity: 'error' });

/**
 * Device ids are unique across fxo, panels and leds (logs and the CLI name devices by id alone);
 * a port id names one channel of the board; a channel of a device carries one port.
 */
export function deviceChecks(board: BoardFile, where: Where): Finding[] {
  const out: Finding[] = [];
  const devices: [KeyPath, string][] = [
    ...board.fxo.map((d, i): [KeyPath, string] => [['fxo', i], d.id]),
    ...board.panels.map((d, i): [KeyPath, string] => [['panels', i], d.id]),
    ...(board.leds ?? []).map((d, i): [KeyPath, string] => [['leds', i], d.id]),
  ];
  const deviceAt = new Map<string, KeyPath>();
  for (const [entry, id] of devices) {
    const first = deviceAt.get(id);
    if (first === undefined) {
      deviceAt.set(id, entry);
      continue;
    }
    out.push(error([...entry, 'id'], 'value', `device id "${id}" is already used by ${formatKey(first)} (${where([...first, 'id'])}): device ids are unique across fxo, panels and leds`));
  }

  const portAt = new Map<string, KeyPath>();
  board.fxo.forEach((device, i) => {
    const channelPort = new Map<number, string>();
    for (const [port, channel] of Object.entries(device.channels)) {
      const path: KeyPath = ['fxo', i, 'channels', port];
      const first = portAt.get(port);
      if (first === undefined) portAt.set(port, path);
      else out.push(error(path, 'key', `port "${port}" is already on ${formatKey(first.slice(0, 2))} (${where(first)}): a port id names one channel`));
      const other = channelPort.get(channel);
      if (other === undefined) channelPort.set(channel, port);
      else out.push(error(path, 'value', `channel ${channel} of "${device.id}" already carries port "${other}" (${where(['fxo', i, 'channels', other])}): a channel carries one port`));
    }
  });
  return out;
}
