/**
 * The one write queue of a device (STYLE.md 5): each write goes out after the previous one
 * completed, so AT commands, DLE sequences and audio frames never interleave. `fail()` rejects
 * everything still waiting; later pushes reject at once.
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private failed: Error | null = null;
  private count = 0;
  private readonly waiting = new Set<(err: Error) => void>();

  constructor(private readonly write: (bytes: Buffer, done: (err: Error | null | undefined) => void) => void) {}

  /** Writes queued or in flight. */
  get pending(): number {
    return this.count;
  }

  push(bytes: Uint8Array): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    this.count++;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const next = this.tail.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (this.failed) return reject(this.failed);
          this.waiting.add(reject);
          this.write(buf, (err) => {
            this.waiting.delete(reject);
            if (err) reject(err);
            else resolve();
          });
        }),
    );
    this.tail = next.catch(() => undefined);
    void this.tail.then(() => { this.count--; });
    return next;
  }

  fail(err: Error): void {
    this.failed = err;
    for (const reject of [...this.waiting]) reject(err);
    this.waiting.clear();
  }
}
