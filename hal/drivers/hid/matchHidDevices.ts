import type { HidDeviceInfo } from './HidTransport.js';

/** A board's `match` as far as HID enumeration can see it (`unitId` is asked of the panel itself). */
export interface HidMatch {
  /** Lower-case `vid:pid`, four hex digits each. */
  usb: string;
  /** Only this USB interface (X-keys expose several: keyboard emulation, joystick …). */
  interface?: number;
}

const USB_ID = /^([0-9a-f]{4}):([0-9a-f]{4})$/;

/** `"05f3:0405"` → vendor and product id; misuse throws naming `usb`. */
export function parseUsbId(usb: string): { vendorId: number; productId: number } {
  const m = USB_ID.exec(typeof usb === 'string' ? usb : '');
  if (!m) throw new RangeError(`usb must be lower-case "vvvv:pppp" in hex, got ${JSON.stringify(usb)}`);
  return { vendorId: parseInt(m[1] ?? '', 16), productId: parseInt(m[2] ?? '', 16) };
}

/**
 * The enumerated devices a board entry may bind to, in a stable order (by path), so identical
 * panels are always tried in the same order. Pure: enumeration is the caller's (tests pass a list).
 */
export function matchHidDevices(match: HidMatch, devices: ReadonlyArray<HidDeviceInfo>): HidDeviceInfo[] {
  const { vendorId, productId } = parseUsbId(match.usb);
  return devices
    .filter((d) => d.vendorId === vendorId && d.productId === productId)
    .filter((d) => match.interface === undefined || d.interface === -1 || d.interface === match.interface)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
