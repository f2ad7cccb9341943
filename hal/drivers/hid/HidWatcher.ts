import type { Clock, Millis } from '../../contracts/clock.js';
import type { HidEnumerate } from './HidTransport.js';
import { matchHidDevices } from './matchHidDevices.js';
import type { HidMatch } from './matchHidDevices.js';

interface Watch {
  match: HidMatch;
  present: boolean;
  onAppear: () => void;
}

/**
 * Hot plug for HID panels: node-hid has no plug events, so while anyone watches, the bus is
 * scanned every `intervalMs` (default 2 s, a full scan) and `onAppear` fires when a matching
 * device shows up (absent → present). No watch, no scanning, no timer. A failed scan counts as
 * nothing present. Enumeration is injected (tests never scan a real bus).
 */
export class HidWatcher {
  private readonly watches = new Set<Watch>();
  private timer: unknown = null;
  private scanning = false;

  constructor(private readonly clock: Clock, private readonly enumerate: HidEnumerate, private readonly intervalMs: Millis = 2000) {
    if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${String(intervalMs)}`);
  }

  /** Watches for a device matching `match`; returns the function that stops watching. */
  watch(match: HidMatch, onAppear: () => void): () => void {
    matchHidDevices(match, []); // checks `usb` now
    const w: Watch = { match, present: false, onAppear };
    this.watches.add(w);
    this.arm();
    return () => {
      this.watches.delete(w);
      if (this.watches.size === 0) this.disarm();
    };
  }

  /** Whether a scan is scheduled. */
  get active(): boolean {
    return this.timer !== null;
  }

  private arm(): void {
    if (this.timer === null && this.watches.size > 0) this.timer = this.clock.setTimeout(() => void this.scan(), this.intervalMs);
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async scan(): Promise<void> {
    this.timer = null;
    if (this.scanning) return;
    this.scanning = true;
    const list = await this.enumerate().catch(() => []);
    this.scanning = false;
    for (const w of [...this.watches]) {
      const present = matchHidDevices(w.match, list).length > 0;
      const appeared = present && !w.present;
      w.present = present;
      if (appeared && this.watches.has(w)) w.onAppear();
    }
    this.arm();
  }
}
