/** Writes one buffer to the device and calls back when it left (or failed). */
export type RawWrite = (bytes: Buffer, done: (err?: Error | null) => void) => void;

/**
 * The one write queue of a device (STYLE.md 5): frames leave in order, one write at a time, so
 * control frames and audio never interleave mid-frame. Droppable writes (audio) are refused
 * while more than `maxDroppable` wait, so a slow link loses audio, not control.
 */
export class WriteQueue {
  private readonly queue: Array<{ bytes: Buffer; droppable: boolean }> = [];
  private busy = false;
  private closed = false;
  private droppableQueued = 0;
  /** Droppable writes refused because the queue was full. */
  dropped = 0;

  constructor(private readonly write: RawWrite, private readonly onError: (err: Error) => void, private readonly maxDroppable = 5) {}

  push(bytes: Uint8Array, droppable = false): void {
    if (this.closed) return;
    if (droppable && this.droppableQueued >= this.maxDroppable) {
      this.dropped++;
      return;
    }
    if (droppable) this.droppableQueued++;
    this.queue.push({ bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), droppable });
    this.next();
  }

  /** Forgets what is queued; later pushes are ignored. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.droppableQueued = 0;
  }

  get length(): number {
    return this.queue.length;
  }

  private next(): void {
    if (this.busy || this.closed) return;
    const item = this.queue.shift();
    if (!item) return;
    if (item.droppable) this.droppableQueued--;
    this.busy = true;
    this.write(item.bytes, (err) => {
      this.busy = false;
      if (err) {
        if (!this.closed) this.onError(err);
        return;
      }
      this.next();
    });
  }
}
