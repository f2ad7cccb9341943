import { SerialPort } from 'serialport';
import { DeviceError } from '../../contracts/device.js';
import type { DeviceErrorCode } from '../../contracts/device.js';

/**
 * The part of a `serialport` stream the modem driver uses. `SerialPort` (native binding) and
 * `SerialPortMock` (tests) both are one; tests inject theirs through `SerialLinkFactory`.
 */
export interface SerialLink {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  close(cb?: (err: Error | null) => void): void;
  on(e: 'data', l: (chunk: Buffer) => void): this;
  on(e: 'close', l: (err?: Error | null) => void): this;
  /** The read side ended (a read returned 0 bytes: the other end of a pty hung up). */
  on(e: 'end', l: () => void): this;
  on(e: 'error', l: (err: Error) => void): this;
  removeAllListeners(): this;
}

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  rtscts: boolean;
}

export type SerialLinkFactory = (o: SerialLinkOptions) => SerialLink;

/** The production transport: the native binding, opened by the driver, locked against other users. */
export const nativeSerialLink: SerialLinkFactory = (o) =>
  new SerialPort({ path: o.path, baudRate: o.baudRate, rtscts: o.rtscts, autoOpen: false, lock: true });

/** Maps an open failure of the binding to a device error code. */
export function openErrorCode(err: Error): DeviceErrorCode {
  const m = err.message;
  if (/ENOENT|no such file|does not exist|cannot find/i.test(m)) return 'NOT_FOUND';
  if (/EACCES|EPERM|permission denied/i.test(m)) return 'ACCESS';
  if (/EBUSY|lock|temporarily unavailable/i.test(m)) return 'BUSY';
  return 'HW_FAULT';
}

/** Opens a link, resolving when it is open; rejects with a `DeviceError` naming the device. */
export function openLink(link: SerialLink, device: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    link.open((err) => {
      if (err) reject(new DeviceError(openErrorCode(err), `${device}: cannot open ${path}: ${err.message}`, device));
      else resolve();
    });
  });
}
