/**
 * The part of a `serialport` stream the MCU driver uses: `SerialPort` on hardware,
 * `SerialPortMock` (its `binding`, hardware.md §8) in tests. Created with `autoOpen: false`.
 */
export interface McuSerial {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  on(e: 'data', l: (chunk: Buffer) => void): this;
  on(e: 'close', l: (err?: Error | null) => void): this;
  on(e: 'error', l: (err: Error) => void): this;
}

/** Makes (does not open) the serial stream for a device path. */
export type SerialOpener = (path: string, baudRate: number) => McuSerial | Promise<McuSerial>;

/** The native binding, loaded on first use so boards without an MCU never load it. */
export const nativeSerial: SerialOpener = async (path, baudRate) => {
  const { SerialPort } = await import('serialport');
  return new SerialPort({ path, baudRate, autoOpen: false });
};

/** `DeviceError` code for a failed open, from the OS error text. */
export function openErrorCode(err: Error): 'NOT_FOUND' | 'ACCESS' | 'BUSY' | 'DISCONNECTED' {
  const m = err.message;
  if (/ENOENT|does not exist|No such file/i.test(m)) return 'NOT_FOUND';
  if (/EACCES|permission denied/i.test(m)) return 'ACCESS';
  if (/EBUSY|locked/i.test(m)) return 'BUSY';
  return 'DISCONNECTED';
}
