import { BackLightType, XKeys } from 'xkeys';
import type { Product } from 'xkeys';
import type { KeyPanelCaps } from '../../contracts/panel.js';
import { parseUsbId } from './matchHidDevices.js';

export interface XkeysModel {
  product: Product;
  vendorId: number;
  productId: number;
  /** The HID interface that carries the X-keys reports. */
  interface: number;
  caps: KeyPanelCaps;
}

/**
 * Output reports per second an X-keys takes, not yet measured on a device (`hardware.md` §4:
 * measure each model into `caps.maxEdgesPerSecond`). A conservative 125 (one per 8 ms poll).
 */
export const XKEYS_REPORTS_PER_SECOND = 125;

/** Reports one LED change costs: legacy and linear backlights are two LEDs, RGBx2 two banks. */
function reportsPerKey(type: BackLightType): number {
  return type === BackLightType.LEGACY || type === BackLightType.LINEAR || type === BackLightType.RGBx2 ? 2 : 1;
}

function colorOf(type: BackLightType): KeyPanelCaps['color'] {
  if (type === BackLightType.LEGACY || type === BackLightType.LINEAR) return 'blueRed';
  if (type === BackLightType.REMAP_24 || type === BackLightType.RGBx2) return 'rgb';
  return 'mono';
}

/**
 * The X-keys model behind a USB id, from the xkeys library's product table, with the panel caps
 * keyline derives from it. Keys are the library's key indexes 1..bBytes×bBits (column by column,
 * as printed on X-keys layouts); the program switch (index 0) is not a key. `hwBlink` is null: the
 * one global X-keys flash rate runs free and cannot be phased to the blink engine (`lamps.md` §3.3).
 * An id that is not an X-keys throws naming `usb`.
 */
export function xkeysModel(usb: string): XkeysModel {
  const { vendorId, productId } = parseUsbId(usb);
  const found = vendorId === XKeys.vendorId ? XKeys.filterDevice({ product: undefined, vendorId, productId, interface: null }) : null;
  if (!found) throw new RangeError(`usb ${usb} is not an X-keys panel the xkeys library knows`);
  const { product } = found;
  const keys = product.bBytes * product.bBits;
  const caps: KeyPanelCaps = {
    keys,
    rows: product.rowCount,
    cols: product.colCount,
    color: colorOf(product.backLightType),
    hwBlink: null,
    maxEdgesPerSecond: Math.floor(XKEYS_REPORTS_PER_SECOND / reportsPerKey(product.backLightType)),
  };
  return { product, vendorId, productId, interface: found.interface, caps };
}
