import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { matchSerialGlob } from '../matchSerialGlob.js';
import { DeviceError } from '../../contracts/device.js';

/**
 * The device node a board-file `match.path` names (hardware.md §6: it may hold one `*`, in its
 * last component, e.g. `/dev/serial/by-id/usb-keyline_DAA4_*-if00`). Resolved at each open, so a
 * board plugged in later is found. No match is `NOT_FOUND`; two matches are `BUSY` (ambiguous:
 * name the serial number instead).
 */
export function resolveDevicePath(pattern: string, device: string, list: (dir: string) => string[] = readdirSync): string {
  if (!pattern.includes('*')) return pattern;
  let names: string[];
  try {
    names = list(dirname(pattern));
  } catch {
    names = [];
  }
  const hits = matchSerialGlob(pattern, names);
  if (hits.length === 0) throw new DeviceError('NOT_FOUND', `${device}: nothing matches ${pattern}`, device);
  if (hits.length > 1) throw new DeviceError('BUSY', `${device}: ${pattern} matches ${hits.length} devices (${hits.map((h) => basename(h)).join(', ')}); name one`, device);
  return hits[0] ?? pattern;
}
