import type { Frame } from '../Frame.js';

/**
 * The jitter buffer's frames, by how many 20 ms slots each lies after the playout point:
 * `ahead` 0 is the frame that plays next. A ring of arrays instead of a Map keyed by RTP
 * timestamp: a packet costs two array stores and no entry object, and a 32-bit timestamp key (a
 * heap number in V8 above 2^30) is never hashed — this runs for every packet of every leg.
 *
 * - `put(ahead, …)` MUST be given 0 ≤ ahead < capacity (misuse throws); a slot holds one frame.
 * - `advance()` moves the playout point one slot on; the slot it leaves MUST be empty (taken).
 * - `clear(give)` hands every buffered frame to `give` and empties the ring; the playout point
 *   stays where it is (the slots are relative to it).
 */
export class PlayoutRing {
  private readonly frames: (Frame | null)[];
  private readonly sequences: Int32Array;
  private readonly mask: number;
  /** The ring index of the playout point. */
  private head = 0;
  private count = 0;

  /** `slots`: how far ahead of the playout point frames may lie, plus one. */
  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be an integer ≥ 1, got ${slots}`);
    let capacity = 1;
    while (capacity < slots) capacity *= 2;
    this.frames = new Array<Frame | null>(capacity).fill(null);
    this.sequences = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The frame `ahead` slots after the playout point, or null. */
  frame(ahead: number): Frame | null {
    return ahead >= 0 && ahead < this.slots ? (this.frames[(this.head + ahead) & this.mask] ?? null) : null;
  }

  /** The sequence number of the frame `ahead` slots on (meaningful only where `frame(ahead)` is not null). */
  sequence(ahead: number): number {
    return this.sequences[(this.head + ahead) & this.mask] ?? -1;
  }

  put(ahead: number, sequence: number, frame: Frame): void {
    if (!Number.isInteger(ahead) || ahead < 0 || ahead >= this.slots) throw new RangeError(`ahead must be 0..${this.slots - 1}, got ${ahead}`);
    const at = (this.head + ahead) & this.mask;
    if (this.frames[at] === null) this.count += 1;
    this.frames[at] = frame;
    this.sequences[at] = sequence;
  }

  /** Empties the slot at the playout point and returns what it held. */
  take(): Frame | null {
    const frame = this.frames[this.head] ?? null;
    if (frame !== null) {
      this.frames[this.head] = null;
      this.count -= 1;
    }
    return frame;
  }

  advance(): void {
    if (this.frames[this.head] !== null) throw new Error('PlayoutRing.advance: the slot at the playout point still holds a frame');
    this.head = (this.head + 1) & this.mask;
  }

  /** The largest `ahead` holding a frame, or -1 when empty. */
  newest(): number {
    if (this.count === 0) return -1;
    for (let ahead = this.slots - 1; ahead >= 0; ahead -= 1) {
      if (this.frames[(this.head + ahead) & this.mask] !== null) return ahead;
    }
    return -1;
  }

  clear(give: (frame: Frame) => void): void {
    for (let i = 0; i < this.frames.length; i += 1) {
      const frame = this.frames[i];
      if (frame === null || frame === undefined) continue;
      this.frames[i] = null;
      give(frame);
    }
    this.count = 0;
  }
}
