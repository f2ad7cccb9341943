import { Readable, Writable } from 'node:stream';
import type { Clock, Millis } from '../contracts/clock.js';
import type { FxoAudio } from '../contracts/fxo.js';

/** 8 kHz, 20 ms frames of 16-bit little-endian samples: the simulated port's `caps.audio`. */
export const SIM_AUDIO = { encoding: 's16le', rateHz: 8000, frameMs: 20, duplex: true } as const;
const FRAME_SAMPLES = 160;
const FRAME_BYTES = FRAME_SAMPLES * 2;
/** What the far end heard is kept for this long (older audio is dropped first). */
const HEARD_MAX_SAMPLES = 8000 * 120;
/** Far-end tone level: about -10 dBFS, loud enough to dominate, far from clipping. */
const TONE_AMPLITUDE = 10_000;

/** What the simulated far party says into the line. */
export type FarEndSound =
  | { kind: 'silence' }
  | { kind: 'tone'; hz: number }
  | { kind: 'samples'; samples: Int16Array; loop: boolean };

/**
 * The audio side of a simulated line (hardware.md §7): the far party plays a tone, a recording or
 * silence into `rx` in 20 ms frames paced by the injected clock, and everything keyline writes to
 * `tx` is kept as what the far party heard, so tests can check audio end to end.
 *
 * Audio flows only while `active()` (the port is off-hook): an on-hook line carries no voice. A
 * frame is pushed only while someone reads `rx` (flowing mode), so an unattached port buffers nothing.
 */
export class SimLineAudio {
  readonly streams: FxoAudio;
  private readonly rx: Readable;
  private sound: FarEndSound = { kind: 'silence' };
  private phase = 0;
  private offset = 0;
  private heardChunks: Int16Array[] = [];
  private heardSamples = 0;
  private timer: unknown = null;
  private next: Millis = 0;

  constructor(private readonly clock: Clock, private readonly active: () => boolean) {
    this.rx = new Readable({ read: () => undefined, highWaterMark: FRAME_BYTES * 50 });
    const tx = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        if (this.active()) this.keep(chunk);
        done();
      },
    });
    this.streams = { rx: this.rx, tx };
  }

  /** The far end's sound from now on (replaces the previous one; a recording starts at its beginning). */
  play(sound: FarEndSound): void {
    if (sound.kind === 'tone' && !(Number.isFinite(sound.hz) && sound.hz > 0 && sound.hz < 4000)) {
      throw new RangeError(`play: tone hz must be between 0 and 4000 (exclusive), got ${String(sound.hz)}`);
    }
    if (sound.kind === 'samples' && sound.samples.length === 0) throw new RangeError('play: samples must not be empty');
    this.sound = sound;
    this.phase = 0;
    this.offset = 0;
  }

  get playing(): FarEndSound {
    return this.sound;
  }

  /** Everything keyline sent toward the far end while the line was off-hook, oldest first. */
  heard(): Int16Array {
    const out = new Int16Array(this.heardSamples);
    let at = 0;
    for (const c of this.heardChunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  clearHeard(): void {
    this.heardChunks = [];
    this.heardSamples = 0;
  }

  /** The port went off-hook: the far end's frames start. */
  start(): void {
    if (this.timer !== null) return;
    this.next = this.clock.now();
    this.tick();
  }

  /** On-hook, closed or lost: no more frames. */
  stop(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    if (this.rx.readableFlowing === true) this.rx.push(this.frame());
    // Paced on absolute deadlines, so the far end's clock does not drift with timer lateness.
    this.next += SIM_AUDIO.frameMs;
    this.timer = this.clock.setTimeout(() => this.tick(), this.next - this.clock.now());
  }

  private frame(): Buffer {
    const buf = Buffer.alloc(FRAME_BYTES);
    const s = this.sound;
    if (s.kind === 'tone') {
      const step = (2 * Math.PI * s.hz) / SIM_AUDIO.rateHz;
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        buf.writeInt16LE(Math.round(TONE_AMPLITUDE * Math.sin(this.phase)), i * 2);
        this.phase += step;
      }
      this.phase %= 2 * Math.PI;
    } else if (s.kind === 'samples') {
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        if (this.offset >= s.samples.length) {
          if (!s.loop) break;
          this.offset = 0;
        }
        buf.writeInt16LE(s.samples[this.offset++] ?? 0, i * 2);
      }
    }
    return buf;
  }

  private keep(chunk: Buffer): void {
    const samples = new Int16Array(Math.floor(chunk.length / 2));
    for (let i = 0; i < samples.length; i++) samples[i] = chunk.readInt16LE(i * 2);
    this.heardChunks.push(samples);
    this.heardSamples += samples.length;
    while (this.heardSamples > HEARD_MAX_SAMPLES && this.heardChunks.length > 1) {
      this.heardSamples -= this.heardChunks.shift()?.length ?? 0;
    }
  }
}
