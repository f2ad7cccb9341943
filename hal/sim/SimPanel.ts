import type { Millis } from '../contracts/clock.js';
import type { LedChange, LedColor } from '../contracts/panel.js';

/** One rendered LED change, with the clock time it was rendered at. */
export interface SimLedEntry {
  t: Millis;
  key: number;
  color: LedColor | null;
}

/**
 * The script side of a simulated key panel (`hardware.md` §7): presses keys and records every
 * LED change it is told to render. Keys are 1-based; a bad key throws naming `key`.
 */
export interface SimPanel {
  /** `down` now; with `holdMs`, `up` that much later on the clock. */
  press(key: number, holdMs?: Millis): void;
  release(key: number): void;
  unplug(): void;
  replug(): void;
  /** What every key's LED shows now (`null`: dark). */
  snapshot(): Record<number, LedColor | null>;
  /** Every rendered change, in order. */
  timeline(): SimLedEntry[];
  /** Every `render()` call with its batch, in order: one per panel per engine tick. */
  frames(): Array<{ t: Millis; changes: LedChange[] }>;
}
