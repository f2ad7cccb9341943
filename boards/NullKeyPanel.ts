import { DeviceError } from '../hal/contracts/index.js';
import type { Button, DeviceHealth, KeyPanel, KeyPanelCaps, LedChange } from '../hal/contracts/index.js';

const INERT_BUTTON_ON = function (this: Button): Button {
  return this;
};

/**
 * Stands in for an optional key panel that is absent or has no driver in this build (STYLE.md 3):
 * it never opens (`NOT_FOUND`), its keys never go down and `render()` drops every change. It still
 * checks key numbers, so a wrong key map fails the same way as on a real panel.
 */
export class NullKeyPanel implements KeyPanel {
  readonly caps: KeyPanelCaps;
  readonly health: DeviceHealth = 'closed';

  constructor(readonly id: string, keys: number, private readonly reason: string) {
    if (!(Number.isInteger(keys) && keys >= 1)) throw new RangeError(`keys must be a positive integer, got ${String(keys)}`);
    this.caps = { keys, rows: 1, cols: keys, color: 'mono', hwBlink: null, maxEdgesPerSecond: 0 };
  }

  on(): this {
    return this;
  }

  open(): Promise<void> {
    return Promise.reject(new DeviceError('NOT_FOUND', `${this.id}: ${this.reason}`, this.id));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  button(key: number): Button {
    this.check(key);
    return { id: `${this.id}:${key}`, on: INERT_BUTTON_ON };
  }

  render(changes: ReadonlyArray<LedChange>): void {
    for (const c of changes) this.check(c.key);
  }

  private check(key: number): void {
    if (!(Number.isInteger(key) && key >= 1 && key <= this.caps.keys)) throw new RangeError(`key must be an integer in 1..${this.caps.keys}, got ${String(key)}`);
  }
}
