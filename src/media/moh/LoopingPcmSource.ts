import { copyFromRing } from '../copyFromRing.js';
import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame, FrameSource } from '../Frame.js';

/**
 * Plays a PCM buffer (8 kHz, 16-bit) round and round, seamlessly: a frame that crosses the end
 * continues from the start. Many sources MAY share one buffer (one per held line); each keeps its
 * own position. `read()` never returns null. Frames alternate between two buffers, so a frame
 * stays valid until the read after next.
 */
export class LoopingPcmSource implements FrameSource {
  private position: number;
  private readonly buffers = [new Int16Array(FRAME_SAMPLES), new Int16Array(FRAME_SAMPLES)] as const;
  private flip = 0;

  /** `startAt`: the sample to start from (e.g. to desynchronise lines), taken modulo the length. */
  constructor(
    readonly pcm: Int16Array,
    startAt = 0,
  ) {
    if (!(pcm instanceof Int16Array) || pcm.length === 0) throw new RangeError('pcm must be a non-empty Int16Array');
    if (!Number.isInteger(startAt)) throw new RangeError(`startAt must be an integer, got ${startAt}`);
    this.position = ((startAt % pcm.length) + pcm.length) % pcm.length;
  }

  read(): Frame {
    this.flip ^= 1;
    const out = this.buffers[this.flip] as Int16Array;
    this.position = copyFromRing(this.pcm, this.position, out);
    return out;
  }
}
