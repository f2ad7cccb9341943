import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';

const FRAME_BYTES = FRAME_SAMPLES * Int16Array.BYTES_PER_ELEMENT;

/**
 * A fixed set of frames carved out of one ArrayBuffer, handed out and given back, so a receive
 * path that decodes 50 packets a second per leg allocates nothing in steady state (a typed array
 * of 320 bytes is a separate backing store in V8: costly to make and to collect, measured in
 * bench:media).
 *
 * - `take()` gives a free frame of the pool, or a new frame outside it when all are out (still
 *   correct, only not recycled). Its content is whatever it held: the caller overwrites it.
 * - `give(frame)` puts a frame of the pool back. A frame from elsewhere, null, or one already
 *   given back is ignored, so a frame is never handed out twice at once.
 */
export class FramePool {
  private readonly arena: ArrayBuffer;
  private readonly free: Frame[] = [];
  /** Per arena frame: 1 while handed out. */
  private readonly out: Uint8Array;

  constructor(frames: number) {
    if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames must be an integer ≥ 1, got ${frames}`);
    this.arena = new ArrayBuffer(frames * FRAME_BYTES);
    this.out = new Uint8Array(frames);
    for (let i = frames - 1; i >= 0; i -= 1) this.free.push(new Int16Array(this.arena, i * FRAME_BYTES, FRAME_SAMPLES));
  }

  take(): Frame {
    const frame = this.free.pop();
    if (frame === undefined) return new Int16Array(FRAME_SAMPLES);
    this.out[frame.byteOffset / FRAME_BYTES] = 1;
    return frame;
  }

  give(frame: Frame | null): void {
    if (frame === null || frame.buffer !== this.arena) return;
    const index = frame.byteOffset / FRAME_BYTES;
    if (this.out[index] !== 1) return;
    this.out[index] = 0;
    this.free.push(frame);
  }

  /** Frames of the pool not handed out (for tests and status). */
  get available(): number {
    return this.free.length;
  }
}
