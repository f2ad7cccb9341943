import { Readable, Writable } from 'node:stream';
import type { Clock, Millis } from '../../contracts/clock.js';
import type { FxoAudio } from '../../contracts/fxo.js';
import { shieldDle } from '../../codecs/v253/dle.js';
import { frameBytes, silenceByte } from '../../codecs/v253/voiceSampleModes.js';
import type { AudioEncoding } from '../../codecs/v253/voiceSampleModes.js';
import { TimerSet } from '../../fxo/TimerSet.js';

export const FRAME_MS = 20;
/** At most this much transmit audio waits (hardware.md §3.1: keep ≤ ~100 ms queued); older is dropped. */
const MAX_TX_MS = 100;
/** Receive frames nobody reads are dropped beyond this much. */
const MAX_RX_MS = 1000;
/** A pump that fell behind sends at most this many frames at once. */
const MAX_CATCH_UP = 5;

/**
 * 8 kHz voice both ways in 20 ms frames (`FxoAudio`). Receive: voice data from the modem (already
 * unshielded) cut into frames on `rx`. Transmit: bytes written to `tx` wait in a short queue; while
 * `start()`ed, a pump on the injected clock sends one DLE-shielded frame per 20 ms of media time
 * (silence when the queue is empty, so the modem never underruns) through `send`, the device's
 * write queue.
 */
export class V253Audio implements FxoAudio {
  readonly rx: Readable;
  readonly tx: Writable;
  private readonly timers: TimerSet;
  private readonly frame: number;
  private readonly silence: number;
  private rxBuf: Buffer = Buffer.alloc(0);
  private txBuf: Buffer = Buffer.alloc(0);
  private running = false;
  private epoch: Millis = 0;
  private sent = 0;
  /** Frames dropped (receive overflow, transmit queue overflow) since the start. */
  dropped = 0;

  constructor(
    private readonly clock: Clock,
    readonly encoding: AudioEncoding,
    private readonly send: (bytes: Uint8Array) => void,
  ) {
    this.timers = new TimerSet(clock);
    this.frame = frameBytes(encoding);
    this.silence = silenceByte(encoding);
    this.rx = new Readable({ read: () => undefined });
    this.tx = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        this.queueTx(chunk);
        cb();
      },
    });
  }

  get streaming(): boolean {
    return this.running;
  }

  /** Voice data arrived from the modem. */
  receive(bytes: Uint8Array): void {
    if (this.rx.destroyed || this.rx.readableEnded) return;
    this.rxBuf = Buffer.concat([this.rxBuf, bytes]);
    while (this.rxBuf.length >= this.frame) {
      const f = Buffer.from(this.rxBuf.subarray(0, this.frame));
      this.rxBuf = this.rxBuf.subarray(this.frame);
      if (this.rx.readableLength >= (MAX_RX_MS / FRAME_MS) * this.frame) this.dropped++;
      else this.rx.push(f);
    }
  }

  /** Starts pacing transmit frames (voice data mode entered). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.epoch = this.clock.now();
    this.sent = 0;
    this.arm();
  }

  /** Stops the pump and drops queued transmit audio (voice data mode left). */
  stop(): void {
    this.running = false;
    this.timers.clear();
    this.txBuf = Buffer.alloc(0);
    this.rxBuf = Buffer.alloc(0);
  }

  /** Ends both streams for good (port closed or lost). */
  end(): void {
    this.stop();
    if (!this.rx.readableEnded) this.rx.push(null);
    this.tx.destroy();
  }

  private queueTx(chunk: Buffer): void {
    if (!this.running) return;
    this.txBuf = Buffer.concat([this.txBuf, chunk]);
    const max = (MAX_TX_MS / FRAME_MS) * this.frame;
    if (this.txBuf.length > max) {
      const excess = this.txBuf.length - max;
      this.dropped += Math.ceil(excess / this.frame);
      this.txBuf = this.txBuf.subarray(excess);
    }
  }

  private arm(): void {
    const due = this.epoch + (this.sent + 1) * FRAME_MS;
    this.timers.after(due - this.clock.now(), () => this.pump());
  }

  private pump(): void {
    if (!this.running) return;
    const owed = Math.floor((this.clock.now() - this.epoch) / FRAME_MS) - this.sent;
    if (owed > MAX_CATCH_UP) {
      this.dropped += owed - MAX_CATCH_UP;
      this.sent += owed - MAX_CATCH_UP;
    }
    for (let i = 0; i < Math.min(owed, MAX_CATCH_UP); i++) {
      let f: Buffer;
      if (this.txBuf.length >= this.frame) {
        f = this.txBuf.subarray(0, this.frame);
        this.txBuf = this.txBuf.subarray(this.frame);
      } else {
        f = Buffer.alloc(this.frame, this.silence);
        this.txBuf.copy(f);
        this.txBuf = Buffer.alloc(0);
      }
      this.send(shieldDle(f));
      this.sent++;
    }
    this.arm();
  }
}
