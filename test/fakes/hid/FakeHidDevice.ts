import { EventEmitter } from 'node:events';
import { DeviceError } from '../../../hal/contracts/index.js';
import type { HidBackend, HidDeviceInfo, HidTransport } from '../../../hal/drivers/hid/HidTransport.js';
import { fromHex, toHex } from './hex.js';

/** Answers an output report with input reports (a panel's firmware, as far as a test needs it). */
export type FakeResponder = (report: Uint8Array, device: FakeHidDevice) => Uint8Array[] | void;

/**
 * One physical HID device for driver tests (`hardware.md` §8): it records every output report
 * written to it (across opens), injects input reports into whoever has it open, and can be
 * unplugged (open transports get node-hid's read error, writes fail) and plugged in again.
 */
export class FakeHidDevice {
  readonly written: Uint8Array[] = [];
  present = true;
  opens = 0;
  /** Writes that stay pending until `releaseWrites()` (to test coalescing); false: resolve at once. */
  holdWrites = false;
  readonly transports = new Set<FakeHidTransport>();
  private held: Array<() => void> = [];

  constructor(readonly info: HidDeviceInfo, readonly responder?: FakeResponder) {}

  /** Output reports written so far, as hex. */
  writtenHex(from = 0): string[] {
    return this.written.slice(from).map((r) => toHex(r));
  }

  /** Sends an input report (bytes or hex) to every open transport. */
  input(report: Uint8Array | string): void {
    const bytes = typeof report === 'string' ? fromHex(report) : report;
    for (const t of this.transports) t.emit('data', Uint8Array.from(bytes));
  }

  unplug(): void {
    this.present = false;
    for (const t of [...this.transports]) t.emit('error', new Error('could not read from HID device'));
  }

  replug(): void {
    this.present = true;
  }

  /** Lets every held write complete. */
  releaseWrites(): void {
    const held = this.held;
    this.held = [];
    for (const r of held) r();
  }

  /** @internal */
  hold(release: () => void): void {
    this.held.push(release);
  }
}

export class FakeHidTransport extends EventEmitter implements HidTransport {
  private opened = false;

  constructor(private readonly device: FakeHidDevice) {
    super();
  }

  get path(): string {
    return this.device.info.path;
  }

  async open(): Promise<void> {
    if (!this.device.present) throw new DeviceError('NOT_FOUND', `${this.path}: cannot open device with path ${this.path}`, this.path);
    this.opened = true;
    this.device.opens++;
    this.device.transports.add(this);
  }

  async write(report: Uint8Array): Promise<void> {
    if (!this.opened || !this.device.present) throw new Error('Cannot write to hid device');
    this.device.written.push(Uint8Array.from(report));
    if (this.device.holdWrites) await new Promise<void>((resolve) => this.device.hold(resolve));
    const replies = this.device.responder?.(report, this.device) ?? [];
    for (const r of replies) queueMicrotask(() => this.opened && this.emit('data', r));
  }

  async close(): Promise<void> {
    this.opened = false;
    this.device.transports.delete(this);
  }
}

/** Enumeration over fake devices; counts bus scans. Tests never call real enumeration. */
export class FakeHidBackend implements HidBackend {
  readonly devices: FakeHidDevice[] = [];
  scans = 0;

  add(device: FakeHidDevice): FakeHidDevice {
    this.devices.push(device);
    return device;
  }

  async enumerate(): Promise<HidDeviceInfo[]> {
    this.scans++;
    return this.devices.filter((d) => d.present).map((d) => ({ ...d.info }));
  }

  transport(path: string): HidTransport {
    const device = this.devices.find((d) => d.info.path === path);
    if (!device) throw new Error(`no fake device at ${path}`);
    return new FakeHidTransport(device);
  }
}
