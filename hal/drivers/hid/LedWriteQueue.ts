import type { LedChange, LedColor } from '../../contracts/panel.js';

/** Writes one batch of LED states (key → colour) to the device; resolves when it is written. */
export type LedBatchWriter = (batch: ReadonlyMap<number, LedColor | null>) => Promise<void>;

/**
 * Coalesces LED changes for one panel (`hardware.md` §4): `push()` returns at once; at most one
 * batch is being written at a time; changes that arrive meanwhile replace older pending ones per
 * key, so only the newest state of each LED is written and no key's final state is dropped.
 * Changes pushed in one synchronous run go out as one batch.
 */
export class LedWriteQueue {
  private pending = new Map<number, LedColor | null>();
  private running: Promise<void> | null = null;
  private stopped = false;
  private batches = 0;

  constructor(private readonly writeBatch: LedBatchWriter) {}

  push(changes: ReadonlyArray<LedChange>): void {
    if (this.stopped) return;
    for (const c of changes) {
      this.pending.delete(c.key); // re-insert: batches keep the order keys last changed in
      this.pending.set(c.key, c.color);
    }
    if (!this.running && this.pending.size > 0) this.running = this.drain();
  }

  /** Resolves when nothing is pending or being written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Batches written so far. */
  get written(): number {
    return this.batches;
  }

  /** Drops pending changes and takes no more (lost, closing). */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private async drain(): Promise<void> {
    await Promise.resolve(); // let the rest of this synchronous burst join the batch
    try {
      while (!this.stopped && this.pending.size > 0) {
        const batch = this.pending;
        this.pending = new Map();
        await this.writeBatch(batch);
        this.batches++;
      }
    } catch {
      // The writer's device reports its own failure (lost); nothing more goes to it.
      this.stop();
    } finally {
      this.running = null;
    }
  }
}
