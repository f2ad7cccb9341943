import { FRAME_MS, FRAME_SAMPLES } from '../Frame.js';
import { digitToEvent, encodeTelephoneEvent } from './Rfc4733Event.js';

export interface Rfc4733SenderOptions {
  /** How long each tone lasts (default 100 ms; rounded to 20 ms ticks, at least one). */
  durationMs?: number;
  /** The volume field, 0..63 −dBm0 (default 10). */
  volume?: number;
  /** Ticks of ordinary audio between two queued digits (default 60 ms). */
  gapMs?: number;
}

/** What to send this tick instead of audio: one telephone-event packet. */
export interface Rfc4733Step {
  payload: Uint8Array;
  marker: boolean;
  /** The event's timestamp: the RTP timestamp of the tick it started on. */
  timestamp: number;
  end: boolean;
}

/**
 * Turns digits into RFC 4733 packets, one per 20 ms media-clock tick (§2.5.1): the first packet
 * of an event has the marker bit; every packet carries the timestamp of the event's first tick
 * and the duration so far (160, 320, …); the packet at which the tone ends has the E bit and
 * it is sent three times in all on successive ticks (§2.5.1.4), with the same final duration.
 * Digits sent while one is playing are queued; each event is followed by `gapMs` of audio.
 *
 * `tick(timestamp)` once per tick, with the RTP timestamp of that tick: a step means "send this
 * event packet instead of audio", null means "send audio as usual".
 */
export class Rfc4733Sender {
  private readonly ticks: number;
  private readonly volume: number;
  private readonly gapTicks: number;
  private readonly queue: number[] = [];
  private current: { event: number; timestamp: number; n: number } | undefined;
  private gapLeft = 0;

  constructor(options: Rfc4733SenderOptions = {}) {
    const durationMs = options.durationMs ?? 100;
    if (!(durationMs > 0) || durationMs * 8 > 0xffff) throw new RangeError(`durationMs must be 1..8191, got ${durationMs}`);
    this.ticks = Math.max(1, Math.round(durationMs / FRAME_MS));
    this.volume = options.volume ?? 10;
    if (!Number.isInteger(this.volume) || this.volume < 0 || this.volume > 63) throw new RangeError(`volume must be 0..63, got ${this.volume}`);
    const gapMs = options.gapMs ?? 60;
    if (!(gapMs >= 0)) throw new RangeError(`gapMs must be ≥ 0, got ${gapMs}`);
    this.gapTicks = Math.round(gapMs / FRAME_MS);
  }

  /** Queues a digit (`0-9 * # A-D`); anything else is misuse and throws. */
  send(digit: string): void {
    this.queue.push(digitToEvent(digit));
  }

  /** Whether an event is playing or queued. */
  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0;
  }

  /** Drops what is queued and playing (the leg is closing or stopped sending). */
  clear(): void {
    this.queue.length = 0;
    this.current = undefined;
    this.gapLeft = 0;
  }

  tick(timestamp: number): Rfc4733Step | null {
    if (this.current === undefined) {
      if (this.gapLeft > 0) {
        this.gapLeft -= 1;
        return null;
      }
      const event = this.queue.shift();
      if (event === undefined) return null;
      this.current = { event, timestamp: timestamp >>> 0, n: 0 };
    }
    const c = this.current;
    c.n += 1;
    const end = c.n >= this.ticks;
    const duration = Math.min(c.n, this.ticks) * FRAME_SAMPLES;
    if (c.n >= this.ticks + 2) {
      this.current = undefined;
      this.gapLeft = this.gapTicks;
    }
    return { payload: encodeTelephoneEvent({ event: c.event, end, volume: this.volume, duration }), marker: c.n === 1, timestamp: c.timestamp, end };
  }
}
