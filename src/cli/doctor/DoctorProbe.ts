import type { SystemStatus } from '../../control/messages.js';

/** A serial port as serialport's `SerialPort.list()` reports it. */
export interface SerialInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  /** The `/dev/serial/by-id/` name on Linux. */
  pnpId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** A HID interface as node-hid's `devices()` reports it. */
export interface HidInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
}

export interface RunResult {
  /** Exit code; null when the program could not be started (then `spawnError` says why). */
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: string;
}

/**
 * Everything `keyline doctor` looks at on the host, behind one interface so its checks run in
 * tests without hardware, udev, libusb or systemd. Every method resolves; only the two device
 * listings reject, as the libraries do (the traps the checks explain).
 */
export interface DoctorProbe {
  listSerial(): Promise<SerialInfo[]>;
  listHid(): Promise<HidInfo[]>;
  /** Runs a program (bounded in time); never rejects. */
  run(argv: string[]): Promise<RunResult>;
  /** The device node behind a path (symlinks resolved) with its group and mode, or null if absent. */
  node(path: string): Promise<{ realPath: string; group: string; mode: number } | null>;
  /** Text of a file, or null when it cannot be read. */
  readFile(path: string): Promise<string | null>;
  /** The service's status over its control socket, or why not: `ENOENT`, `ECONNREFUSED`, `EACCES`, `TIMEOUT`… */
  status(socketPath: string): Promise<{ status: SystemStatus } | { error: string }>;
  env: Readonly<Record<string, string | undefined>>;
}
