import { XKeys } from 'xkeys';
import type { Clock, Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import type { LedColor } from '../../contracts/panel.js';
import { ledRgb } from '../../codecs/hid/ledRgb.js';
import { DeviceClockMap } from './DeviceClockMap.js';
import { HidKeyPanel } from './HidKeyPanel.js';
import type { HidLink, HidLinkEvents } from './HidKeyPanel.js';
import { HidReportQueue } from './HidReportQueue.js';
import type { HidBackend, HidDeviceInfo } from './HidTransport.js';
import { matchHidDevices } from './matchHidDevices.js';
import { XkeysHidDevice } from './XkeysHidDevice.js';
import { xkeysModel } from './xkeysModel.js';
import type { XkeysModel } from './xkeysModel.js';

export interface XkeysPanelOptions {
  id: string;
  clock: Clock;
  backend: HidBackend;
  /** The board's `match.usb`, e.g. "05f3:0405" (XK-24). */
  usb: string;
  /** The board's `match.unitId`: only the panel with this unit ID (set once with X-keys tools). */
  unitId?: number;
  /** How long the panel has to answer the version and state requests when opening. Default 1000 ms. */
  initTimeoutMs?: Millis;
}

/** X-keys want ~300 ms after a close before they can be opened again (`hardware.md` §4). */
const REOPEN_GUARD_MS = 300;

/**
 * An X-keys panel (P.I. Engineering) as a `KeyPanel`, with the xkeys library speaking the X-keys
 * protocol over keyline's transport (`XkeysHidDevice`): its product table gives the model, its
 * `XKeys` class asks the panel's version and unit ID, turns input reports into key edges and
 * encodes backlight reports. keyline adds the contract around it: the one coalescing write
 * queue, `lost` once on a read or write failure, no reopening of its own, and software blink
 * only (`caps.hwBlink` null). Backlights of legacy models are blue and red: a colour with blue
 * lights the blue LED, one with red or green the red LED (`lamps.md` §3.3).
 */
export class XkeysPanel extends HidKeyPanel {
  readonly model: XkeysModel;
  private readonly backend: HidBackend;
  private readonly usb: string;
  private readonly unitId: number | undefined;
  private readonly initTimeoutMs: Millis;

  constructor(o: XkeysPanelOptions) {
    if (!o?.backend || typeof o.backend.enumerate !== 'function') throw new TypeError('opts.backend must be a HidBackend');
    if (o.unitId !== undefined && !(Number.isInteger(o.unitId) && o.unitId >= 0 && o.unitId <= 255)) {
      throw new RangeError(`opts.unitId must be an integer in 0..255, got ${String(o.unitId)}`);
    }
    const model = xkeysModel(o.usb);
    super({ id: o.id, clock: o.clock, caps: model.caps, reopenGuardMs: REOPEN_GUARD_MS });
    this.model = model;
    this.backend = o.backend;
    this.usb = o.usb;
    this.unitId = o.unitId;
    this.initTimeoutMs = o.initTimeoutMs ?? 1000;
  }

  protected async connect(events: HidLinkEvents): Promise<HidLink> {
    const found = matchHidDevices({ usb: this.usb, interface: this.model.interface }, await this.backend.enumerate());
    const seen: string[] = [];
    for (const info of found) {
      const opened = await this.tryOpen(info, events);
      if (opened.link) return opened.link;
      seen.push(`${info.path} unit ${opened.unitId}`);
    }
    const which = this.unitId === undefined ? '' : ` with unit ID ${this.unitId}`;
    throw new DeviceError('NOT_FOUND', `${this.id}: no X-keys ${this.model.product.name} (${this.usb})${which} present${seen.length ? ` (seen: ${seen.join(', ')})` : ''}`, this.id);
  }

  private async tryOpen(info: HidDeviceInfo, events: HidLinkEvents): Promise<{ link?: HidLink; unitId: number }> {
    const transport = this.backend.transport(info.path);
    await transport.open();
    const queue = new HidReportQueue(transport, (err) => events.lost(err));
    const device = new XkeysHidDevice(transport, queue);
    transport.on('error', (err) => events.lost(err));
    let xkeys: XKeys;
    try {
      // interface -1: the platform did not say; the library then matches on the product id alone.
      const iface = info.interface === -1 ? null : info.interface;
      xkeys = new XKeys(device, { product: info.product, vendorId: info.vendorId, productId: info.productId, interface: iface }, info.path);
      xkeys.on('error', () => undefined); // library-level complaints (unknown colour) are not device faults
      await this.withTimeout(xkeys.init(), `${info.path}: no answer to the X-keys version and state requests`);
    } catch (err) {
      await device.close().catch(() => undefined);
      throw err;
    }
    if (this.unitId !== undefined && xkeys.unitId !== this.unitId) {
      await device.close().catch(() => undefined);
      return { unitId: xkeys.unitId };
    }
    const time = new DeviceClockMap();
    const at = (ts: number | undefined): Millis => (ts === undefined ? this.clock.now() : time.map(ts, this.clock.now()));
    xkeys.on('down', (key, meta) => {
      if (key >= 1 && key <= this.caps.keys) events.key(key, true, at(meta.timestamp));
    });
    xkeys.on('up', (key, meta) => {
      if (key >= 1 && key <= this.caps.keys) events.key(key, false, at(meta.timestamp));
    });
    const link: HidLink = {
      writeLeds: async (batch: ReadonlyMap<number, LedColor | null>) => {
        for (const [key, color] of batch) xkeys.setBacklight(key, ledRgb(color), false);
        await device.flush();
      },
      close: () => device.close(),
    };
    return { link, unitId: xkeys.unitId };
  }

  private withTimeout<T>(p: Promise<T>, message: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const handle = this.clock.setTimeout(() => reject(new DeviceError('TIMEOUT', `${this.id}: ${message} within ${this.initTimeoutMs} ms`, this.id)), this.initTimeoutMs);
      p.then(
        (v) => {
          this.clock.clearTimeout(handle);
          resolve(v);
        },
        (err: unknown) => {
          this.clock.clearTimeout(handle);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}
