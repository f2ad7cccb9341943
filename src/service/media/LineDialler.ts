import { DeviceError } from '../../../hal/contracts/index.js';
import type { FxoPort } from '../../../hal/contracts/index.js';
import type { Logger } from '../Logger.js';

/** How many digits may wait for the port; a phone stuck sending events cannot queue without end. */
const MAX_QUEUED = 32;

/**
 * Dials a station's DTMF digits onto one line, in order, one `dial()` at a time (a port refuses a
 * dial while one is in progress). When the port cannot dial now for a reason other than the line
 * being gone — a driver that only carries audio — the digit is played in-band into the call.
 */
export class LineDialler {
  private readonly queue: string[] = [];
  private busy = false;

  constructor(
    private readonly port: FxoPort,
    private readonly inBand: (digit: string) => void,
    private readonly log: Logger,
    private readonly line: string,
  ) {}

  push(digit: string): void {
    if (!/^[0-9*#A-D]$/.test(digit)) return;
    if (this.queue.length >= MAX_QUEUED) {
      this.log.log('warning', 'media', { line: this.line, event: 'dtmf-dropped', digit, reason: 'queue full' });
      return;
    }
    this.queue.push(digit);
    if (!this.busy) void this.next();
  }

  /**
   * The call on the line ended: digits still waiting are dropped, so none is dialled into the
   * line's next call. A dial already under way finishes; later digits queue behind it.
   */
  clear(): void {
    this.queue.length = 0;
  }

  private async next(): Promise<void> {
    const digit = this.queue.shift();
    if (digit === undefined) {
      this.busy = false;
      return;
    }
    this.busy = true;
    try {
      await this.port.dial(digit);
    } catch (err) {
      if (err instanceof DeviceError && (err.code === 'INVALID_STATE' || err.code === 'DISCONNECTED')) {
        // The line is on-hook or gone: the rest of the digits have nowhere to go.
        this.queue.length = 0;
      } else {
        this.log.log('notice', 'media', { line: this.line, event: 'dtmf-in-band', digit, reason: err instanceof Error ? err.message : String(err) });
        this.inBand(digit);
      }
    }
    await this.next();
  }
}
