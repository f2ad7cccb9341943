import type { DeviceHealth } from '../../../hal/contracts/index.js';

/** One device of the board as health and status see it: an FXO port or a key panel. */
export interface DeviceView {
  /** The port's or panel's id (`daa:0`, `desk1`). */
  readonly id: string;
  readonly kind: 'fxo' | 'panel';
  /** The board entry it comes from (`daa`, `desk1`). */
  readonly device: string;
  /** An optional device may be absent or lost without holding up READY (hardware.md §9.2). */
  readonly optional: boolean;
  health(): DeviceHealth;
}
