import type { Millis } from './clock.js';
import type { Device, DeviceError } from './device.js';

export type LedColor = 'green' | 'red' | 'amber' | 'blue' | 'white' | { r: number; g: number; b: number };

/**
 * What one key's LED should show. Blinks and cadences are phase-locked to the blink engine's
 * epoch (`lamps.md` §3.1): a pattern set mid-cycle joins in step, it never restarts.
 */
export type LedPattern =
  | { kind: 'off' }
  | { kind: 'steady'; color: LedColor }
  | { kind: 'blink'; color: LedColor; onMs: Millis; offMs: Millis; offColor?: LedColor }
  | { kind: 'cadence'; segments: ReadonlyArray<{ color: LedColor | null; ms: Millis }> };

/** One key's LED as the blink engine hands it out: the last `set` wins. */
export interface Led {
  readonly id: string;
  set(p: LedPattern): void;
}

/** One key's switch. Events carry the time of the edge at the source. */
export interface Button {
  readonly id: string;
  on(e: 'down' | 'up', l: (t: Millis) => void): this;
}

export interface KeyPanelCaps {
  keys: number;
  rows: number;
  cols: number;
  color: 'rgb' | 'blueRed' | 'mono';
  hwBlink: { global: boolean; periodsMs: Millis[] } | null;
  maxEdgesPerSecond: number;
}

export interface LedChange {
  key: number;
  color: LedColor | null;
  hwFlash?: boolean;
}

/**
 * A USB (or simulated) line-key panel.
 *
 * - Keys are 1-based. `button(key)` and `render()` MUST throw at once for a key outside
 *   `1..caps.keys`, naming the key.
 * - `render()` MUST return at once: the driver coalesces into one pending write per panel
 *   (newest colours win) on its single write queue, so LED bursts never interleave.
 * - A panel MUST NOT decide what a lamp means: it shows colours it is told to show.
 */
export interface KeyPanel extends Device<KeyPanelCaps> {
  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  button(key: number): Button;
  render(changes: ReadonlyArray<LedChange>): void;
}
