import type { FxoAudio, FxoCaps } from '../../../hal/contracts/index.js';
import { copyFromRing } from '../../media/copyFromRing.js';
import { FRAME_SAMPLES } from '../../media/Frame.js';
import type { Frame, FrameSink, FrameSource } from '../../media/Frame.js';
import { ALAW_DECODE, encodeSamples, ULAW_DECODE } from '../../media/g711/index.js';

type Encoding = NonNullable<FxoCaps['audio']>['encoding'];

/** Bytes per sample of each port encoding. */
const WIDTH: Record<Encoding, number> = { s16le: 2, u8: 1, ulaw: 1, alaw: 1 };
/** The port's audio runs on its own crystal: more than this buffered means it runs fast; drop the oldest. */
const MAX_BUFFERED_FRAMES = 6;
/** After running dry, wait for this many frames before reading again, so one late chunk is not a click per tick. */
const REFILL_FRAMES = 2;

/**
 * An FXO port's audio stream as a conference participant: what the line says (`rx`, in the
 * port's encoding and chunking, paced by the port's own clock) becomes one 20 ms frame per
 * media-clock tick, and each frame the line should hear is encoded and written to `tx`.
 *
 * The two clocks drift apart (a modem's crystal against the host's), so a small FIFO absorbs the
 * difference: it drops its oldest audio when the port runs fast and gives silence (null) while it
 * refills when the port runs slow — one short glitch every few minutes instead of a growing delay.
 */
export class PortAudio implements FrameSource, FrameSink {
  private readonly fifo: Int16Array;
  private head = 0;
  private size = 0;
  private starved = true;
  private readonly onData = (chunk: Buffer) => this.take(chunk);
  /** read() fills these in turn: a frame is the caller's until its next read() (FrameSource), and nothing is allocated per tick. */
  private frame = new Int16Array(FRAME_SAMPLES);
  private spare = new Int16Array(FRAME_SAMPLES);
  /** Audio the FIFO threw away because the port ran fast, in samples (for status and tests). */
  dropped = 0;

  constructor(private readonly audio: FxoAudio, private readonly encoding: Encoding) {
    this.fifo = new Int16Array(FRAME_SAMPLES * MAX_BUFFERED_FRAMES);
    audio.rx.on('data', this.onData);
  }

  read(): Frame | null {
    if (this.starved && this.size < FRAME_SAMPLES * REFILL_FRAMES) return null;
    if (this.size < FRAME_SAMPLES) {
      this.starved = true;
      return null;
    }
    this.starved = false;
    const out = this.spare;
    this.spare = this.frame;
    this.frame = out;
    this.head = copyFromRing(this.fifo, this.head, out); // the FIFO's oldest frame
    this.size -= FRAME_SAMPLES;
    return out;
  }

  write(frame: Frame): void {
    this.audio.tx.write(this.encode(frame));
  }

  /** Stops listening to the port; the port's streams stay the port's. */
  close(): void {
    this.audio.rx.off('data', this.onData);
  }

  /** A chunk from the port, decoded sample by sample straight into the FIFO (no array per chunk). */
  private take(chunk: Buffer): void {
    const n = Math.floor(chunk.length / WIDTH[this.encoding]);
    switch (this.encoding) {
      case 's16le':
        for (let i = 0; i < n; i++) this.append(chunk.readInt16LE(i * 2));
        return;
      case 'u8':
        for (let i = 0; i < n; i++) this.append(((chunk[i] ?? 128) - 128) << 8);
        return;
      case 'ulaw':
        for (let i = 0; i < n; i++) this.append(ULAW_DECODE[chunk[i] ?? 0] ?? 0);
        return;
      case 'alaw':
        for (let i = 0; i < n; i++) this.append(ALAW_DECODE[chunk[i] ?? 0] ?? 0);
        return;
    }
  }

  private append(sample: number): void {
    const length = this.fifo.length;
    if (this.size === length) {
      this.head = this.head + 1 === length ? 0 : this.head + 1;
      this.size--;
      this.dropped++;
    }
    const at = this.head + this.size;
    this.fifo[at >= length ? at - length : at] = sample;
    this.size++;
  }

  private encode(frame: Frame): Buffer {
    switch (this.encoding) {
      case 's16le': {
        const out = Buffer.alloc(frame.length * 2);
        for (let i = 0; i < frame.length; i++) out.writeInt16LE(frame[i] ?? 0, i * 2);
        return out;
      }
      case 'u8': {
        const out = Buffer.alloc(frame.length);
        for (let i = 0; i < frame.length; i++) out[i] = ((frame[i] ?? 0) >> 8) + 128;
        return out;
      }
      // Straight into a Buffer from Node's pool: the stream may hold it, so one per write.
      case 'ulaw':
        return encodeSamples(frame, 'PCMU', Buffer.allocUnsafe(frame.length)) as Buffer;
      case 'alaw':
        return encodeSamples(frame, 'PCMA', Buffer.allocUnsafe(frame.length)) as Buffer;
    }
  }
}
