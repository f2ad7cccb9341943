import type { Millis } from '../../contracts/clock.js';
import type { Button } from '../../contracts/panel.js';

/** One key's switch on a HID panel: `down`/`up` with the edge's time, each edge once. */
export class HidButton implements Button {
  private readonly listeners = { down: [] as Array<(t: Millis) => void>, up: [] as Array<(t: Millis) => void> };
  private isDown = false;

  constructor(readonly id: string) {}

  on(e: 'down' | 'up', l: (t: Millis) => void): this {
    if (e !== 'down' && e !== 'up') throw new RangeError(`on: unknown event "${String(e)}"`);
    if (typeof l !== 'function') throw new TypeError('on: listener must be a function');
    this.listeners[e].push(l);
    return this;
  }

  /** An edge from the device; a repeated state is not an edge. */
  edge(down: boolean, t: Millis): void {
    if (down === this.isDown) return;
    this.isDown = down;
    for (const l of [...this.listeners[down ? 'down' : 'up']]) l(t);
  }

  /** The device went away: forget the key's state without an event (as `SimKeyPanel` does). */
  reset(): void {
    this.isDown = false;
  }
}
