import type { Millis } from '../../contracts/clock.js';

/**
 * Maps a device's millisecond timestamps (X-keys: ms since power-up, 32 bits) onto the host
 * clock (`hardware.md` §2: events carry the source's time mapped to the host's). The offset is
 * the smallest `host − device` seen, the sample with the least transport delay; a sample more
 * than `resyncMs` later than that (device rebooted, wrapped or drifted) starts over.
 */
export class DeviceClockMap {
  private offset: number | null = null;

  constructor(private readonly resyncMs: Millis = 1000) {}

  /** The host time of a device timestamp received at host time `now`; never after `now`. */
  map(deviceMs: number, now: Millis): Millis {
    const sample = now - deviceMs;
    if (this.offset === null || sample < this.offset || sample - this.offset > this.resyncMs) this.offset = sample;
    return Math.min(now, deviceMs + this.offset);
  }

  reset(): void {
    this.offset = null;
  }
}
