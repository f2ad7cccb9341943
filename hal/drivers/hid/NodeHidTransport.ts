import { EventEmitter } from 'node:events';
import { HIDAsync, devicesAsync } from 'node-hid';
import { DeviceError } from '../../contracts/device.js';
import { hidError } from './hidError.js';
import type { HidBackend, HidDeviceInfo, HidTransport } from './HidTransport.js';

/**
 * A HID device through node-hid's `HIDAsync` (hidraw on Linux). Reports arrive as node-hid
 * reads them; a read failure (unplug) comes out as `error`. node-hid fails at first use, not at
 * import, when libusb is missing: `open()` turns that into a `DeviceError` with advice.
 */
export class NodeHidTransport extends EventEmitter implements HidTransport {
  private device: HIDAsync | null = null;

  constructor(readonly path: string) {
    super();
    if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
  }

  async open(): Promise<void> {
    if (this.device) return;
    let device: HIDAsync;
    try {
      device = await HIDAsync.open(this.path);
    } catch (err) {
      throw hidError(err, this.path, 'open');
    }
    this.device = device;
    device.on('data', (data: Buffer) => this.emit('data', new Uint8Array(data)));
    device.on('error', (err: unknown) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
  }

  async write(report: Uint8Array): Promise<void> {
    const device = this.device;
    if (!device) throw new DeviceError('INVALID_STATE', `${this.path}: write on a closed HID device`, this.path);
    try {
      await device.write(Buffer.from(report));
    } catch (err) {
      throw hidError(err, this.path, 'write');
    }
  }

  async close(): Promise<void> {
    const device = this.device;
    this.device = null;
    if (!device) return;
    device.removeAllListeners('data');
    device.removeAllListeners('error');
    device.on('error', () => undefined); // a late read error after close has nobody to tell
    await device.close().catch(() => undefined);
  }
}

/** Enumeration and transports through node-hid: the production `HidBackend`. */
export function nodeHidBackend(): HidBackend {
  return {
    async enumerate(): Promise<HidDeviceInfo[]> {
      let list;
      try {
        list = await devicesAsync();
      } catch (err) {
        throw hidError(err, 'hid', 'enumerate');
      }
      const out: HidDeviceInfo[] = [];
      for (const d of list) {
        if (!d.path) continue;
        const info: HidDeviceInfo = { path: d.path, vendorId: d.vendorId, productId: d.productId, interface: d.interface };
        if (d.serialNumber !== undefined) info.serialNumber = d.serialNumber;
        if (d.product !== undefined) info.product = d.product;
        if (d.usagePage !== undefined) info.usagePage = d.usagePage;
        if (d.usage !== undefined) info.usage = d.usage;
        out.push(info);
      }
      return out;
    },
    transport: (path) => new NodeHidTransport(path),
  };
}
