/** Writes one buffer to the device and calls back when it left (or failed). */
export type RawWrite = (bytes: Buffer, done: (err?: Error | null) => void) => void;

/**
 * The one write queue of a device (STYLE.md 5): one write at a time, so frames never interleave.
 * Control frames leave in order and ahead of queued audio, so an ACK is not stuck behind 100 ms
 * of audio on a slow UART (§3.2 wants ACKs within 20 ms); audio (droppable) leaves in order and
 * is refused while `maxDroppable` frames wait, so a slow link loses audio, not control.
 */
export class WriteQueue {
  private readonly control: Buffer[] = [];
  private readonly audio: Buffer[] = [];
  private busy = false;
  private closed = false;
  /** Droppable writes refused because the queue was full. */
  dropped = 0;

  constructor(private readonly write: RawWrite, private readonly onError: (err: Error) => void, private readonly maxDroppable = 5) {}

  push(bytes: Uint8Array, droppable = false): void {
    if (this.closed) return;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!droppable) this.control.push(buf);
    else if (this.audio.length >= this.maxDroppable) this.dropped++;
    else this.audio.push(buf);
    this.next();
  }

  /** Forgets what is queued; later pushes are ignored. */
  close(): void {
    this.closed = true;
    this.control.length = 0;
    this.audio.length = 0;
  }

  get length(): number {
    return this.control.length + this.audio.length;
  }

  private next(): void {
    if (this.busy || this.closed) return;
    const buf = this.control.shift() ?? this.audio.shift();
    if (!buf) return;
    this.busy = true;
    this.write(buf, (err) => {
      this.busy = false;
      if (err) {
        if (!this.closed) this.onError(err);
        return;
      }
      this.next();
    });
  }
}
