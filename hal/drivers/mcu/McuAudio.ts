import { Readable, Writable } from 'node:stream';
import { AUDIO_FRAME_BYTES } from '../../codecs/klb/constants.js';
import type { FxoAudio } from '../../contracts/fxo.js';

/**
 * One channel's audio: `rx` gives the board's 20 ms G.711 frames as they come (160-byte
 * Buffers); `tx` takes bytes, cuts them into 160-byte frames and hands each to `send` with its
 * `aseq`. A reader that falls behind by more than `maxQueuedFrames` loses the newest frames
 * (counted), never the link. `rx` is a Readable the driver pushes into, as the modem driver's is
 * (a PassThrough would run every frame through a Transform's write side for nothing).
 */
export class McuAudio implements FxoAudio {
  readonly rx: Readable;
  readonly tx: Writable;
  private pending = Buffer.alloc(0);
  private aseq = 0;
  private ended = false;
  /** Received frames dropped because `rx` was not read. */
  overruns = 0;

  constructor(send: (aseq: number, samples: Uint8Array) => void, private readonly maxQueuedFrames = 10) {
    this.rx = new Readable({ read: () => undefined, highWaterMark: AUDIO_FRAME_BYTES * maxQueuedFrames });
    this.tx = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.pending = Buffer.concat([this.pending, chunk]);
        while (this.pending.length >= AUDIO_FRAME_BYTES) {
          send(this.aseq, this.pending.subarray(0, AUDIO_FRAME_BYTES));
          this.aseq = (this.aseq + 1) & 0xffff;
          this.pending = this.pending.subarray(AUDIO_FRAME_BYTES);
        }
        done();
      },
    });
  }

  /** A frame from the board. */
  receive(samples: Uint8Array): void {
    if (this.ended || this.rx.destroyed) return;
    if (this.rx.readableLength >= AUDIO_FRAME_BYTES * this.maxQueuedFrames) {
      this.overruns++;
      return;
    }
    this.rx.push(Buffer.from(samples));
  }

  /** The call or the device ended: both streams finish. */
  end(): void {
    if (!this.ended) {
      this.ended = true;
      this.rx.push(null);
    }
    if (!this.tx.destroyed) this.tx.destroy();
  }
}
