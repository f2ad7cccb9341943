/** One HID interface as enumeration reports it (node-hid's `Device`, the fields keyline uses). */
export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  /** USB interface number; -1 where the platform does not say. */
  interface: number;
  serialNumber?: string;
  product?: string;
  usagePage?: number;
  usage?: number;
}

/**
 * One opened HID device: the small surface the panel drivers need, so tests inject a fake and
 * production uses node-hid (`NodeHidTransport`).
 *
 * - `open()` MUST reject with a `DeviceError` (`NOT_FOUND`, `ACCESS`, `BUSY`) when the device
 *   cannot be opened.
 * - `write(report)` sends one output report, report ID first; it MUST reject when the device is
 *   gone. Callers never have two writes outstanding (one write queue per device).
 * - `data` carries each input report as delivered; `error` MUST fire when reading fails (an
 *   unplugged device: node-hid's "could not read from HID device").
 * - `close()` MUST be idempotent; no event follows it.
 */
export interface HidTransport {
  readonly path: string;
  open(): Promise<void>;
  write(report: Uint8Array): Promise<void>;
  close(): Promise<void>;
  on(e: 'data', l: (report: Uint8Array) => void): this;
  on(e: 'error', l: (err: Error) => void): this;
}

/** Lists the HID devices present now (a full bus scan: call it at most every 2 s). */
export type HidEnumerate = () => Promise<HidDeviceInfo[]>;

/** How a driver reaches HID devices: production is `nodeHidBackend()`, tests a fake. */
export interface HidBackend {
  enumerate: HidEnumerate;
  transport(path: string): HidTransport;
}
