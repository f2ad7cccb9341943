import type { Clock } from '../hal/contracts/clock.js';
import type { HidEnumerate } from '../hal/drivers/hid/HidTransport.js';
import { HidWatcher } from '../hal/drivers/hid/HidWatcher.js';
import type { PanelWatch } from '../hal/panel/PanelSupervisor.js';
import type { PanelSpec } from './types.js';

/**
 * Hot-plug hints for a board's HID panels (`xkeys`, `hid-panel` with a USB id): while one is lost,
 * the bus is scanned every 2 s and its supervisor tries at once when a device with its USB id
 * appears (node-hid has no plug events). One watcher for all panels, made on first use: a board
 * without such a panel never scans the bus.
 */
export function hidPanelWatch(clock: Clock, enumerate: HidEnumerate): (spec: PanelSpec) => PanelWatch | undefined {
  let watcher: HidWatcher | null = null;
  return (spec) => {
    const usb = spec.match?.usb;
    if ((spec.compatible !== 'xkeys' && spec.compatible !== 'hid-panel') || usb === undefined) return undefined;
    return (onAppear) => (watcher ??= new HidWatcher(clock, enumerate)).watch({ usb }, onAppear);
  };
}
