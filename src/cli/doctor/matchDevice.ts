import type { BoardDevice } from './BoardDevices.js';
import type { HidInfo, SerialInfo } from './DoctorProbe.js';

/** `match.path` may hold one `*` (hardware.md §6). */
export function pathPattern(pattern: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${pattern.split('*').map(esc).join('.*')}$`);
}

const hex4 = (n: number | string | undefined) => (n === undefined ? '' : (typeof n === 'number' ? n.toString(16) : n).toLowerCase().padStart(4, '0'));

/** The paths a serial port answers to: its node and its /dev/serial/by-id link. */
export function serialPaths(p: SerialInfo): string[] {
  return p.pnpId ? [p.path, `/dev/serial/by-id/${p.pnpId}`] : [p.path];
}

export function serialUsb(p: SerialInfo): string | null {
  return p.vendorId && p.productId ? `${hex4(p.vendorId)}:${hex4(p.productId)}` : null;
}

export function hidUsb(d: HidInfo): string {
  return `${hex4(d.vendorId)}:${hex4(d.productId)}`;
}

/** A serial port matches when every rule the entry gives holds. */
export function serialMatches(dev: BoardDevice, p: SerialInfo): boolean {
  const m = dev.match;
  if (!m || (m.path === undefined && m.usb === undefined)) return false;
  if (m.path !== undefined && !serialPaths(p).some((x) => pathPattern(m.path ?? '').test(x))) return false;
  return m.usb === undefined || serialUsb(p) === m.usb;
}

/** A HID device matches on `usb` (or on `path`); `unitId` is only known once opened. */
export function hidMatches(dev: BoardDevice, d: HidInfo): boolean {
  const m = dev.match;
  if (!m || (m.path === undefined && m.usb === undefined)) return false;
  if (m.usb !== undefined && hidUsb(d) !== m.usb) return false;
  return m.path === undefined || (d.path !== undefined && pathPattern(m.path).test(d.path));
}
