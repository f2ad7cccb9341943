export type DeviceErrorCode =
  | 'NOT_FOUND' | 'ACCESS' | 'BUSY' | 'DISCONNECTED' | 'PROTOCOL' | 'TIMEOUT' | 'HW_FAULT' | 'INVALID_STATE';

/**
 * An expected runtime condition of a device (STYLE.md 6). Misuse (a bad key index, a bad digit)
 * is not a DeviceError: it throws a plain Error at once, naming the parameter.
 */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  constructor(readonly code: DeviceErrorCode, message: string, readonly device: string) {
    super(message);
  }
}

export type DeviceHealth = 'closed' | 'opening' | 'ready' | 'lost';

/**
 * Every hardware device: an FXO port or a key panel.
 *
 * - `open()` MUST resolve once the device is ready and reject with a `DeviceError` otherwise.
 * - A device MUST emit `lost` at most once per successful `open()` and MUST NOT reopen itself:
 *   its supervisor decides when to call `open()` again (backoff 1 s to 30 s).
 * - `close()` MUST be idempotent and MUST NOT emit any event after it resolves. Closing an FXO
 *   port MUST put its line on-hook first.
 * - `caps` MUST be honest: a capability the device cannot deliver MUST NOT be listed.
 */
export interface Device<Caps> {
  readonly id: string;
  readonly caps: Caps;
  readonly health: DeviceHealth;
  open(): Promise<void>;
  close(): Promise<void>;
  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
}
