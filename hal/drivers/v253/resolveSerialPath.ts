import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSerialPattern, matchSerialGlob } from '../matchSerialGlob.js';

/** Throws naming `where` unless `pattern` has at most one `*`, in its last component. */
export function checkSerialPattern(pattern: string, where: string): void {
  if (!isSerialPattern(pattern)) throw new RangeError(`${where}: one "*", in the last component only, got ${JSON.stringify(pattern)}`);
}

/**
 * The device path a board's `match.path` names (hardware.md §6: it may hold one `*`, in its
 * last component, as in `/dev/serial/by-id/usb-U.S._Robotics_USB_Modem_*-if00`). Without `*` it
 * is returned as is; with one, the first matching entry in name order, or null when none does.
 * Never `SerialPort.list()` (it needs udevadm).
 */
export async function resolveSerialPath(pattern: string): Promise<string | null> {
  if (!pattern.includes('*')) return pattern;
  checkSerialPattern(pattern, 'match.path');
  let names: string[];
  try {
    names = await readdir(dirname(pattern));
  } catch {
    return null;
  }
  return matchSerialGlob(pattern, names)[0] ?? null;
}
