import type { HidTransport } from './HidTransport.js';

/**
 * The one write queue of a HID device: output reports go out strictly one after another, in the
 * order given, never two in flight. The first failed write stops the queue (later reports are
 * dropped) and is reported once through `onError`: a device that cannot take a write is gone.
 */
export class HidReportQueue {
  private tail: Promise<void> = Promise.resolve();
  private failed = false;
  private written = 0;

  constructor(private readonly transport: HidTransport, private readonly onError: (err: unknown) => void) {}

  /** Queues one report (a copy is kept: the caller may reuse its buffer). */
  write(report: Uint8Array | ReadonlyArray<number>): void {
    const bytes = Uint8Array.from(report);
    this.tail = this.tail.then(async () => {
      if (this.failed) return;
      try {
        await this.transport.write(bytes);
        this.written++;
      } catch (err) {
        this.failed = true;
        this.onError(err);
      }
    });
  }

  /** Resolves once every report queued so far is written (or dropped after a failure). */
  flush(): Promise<void> {
    return this.tail;
  }

  /** Reports written so far. */
  get count(): number {
    return this.written;
  }

  get stopped(): boolean {
    return this.failed;
  }

  /** Drops whatever is still queued (device lost or closing). */
  stop(): void {
    this.failed = true;
  }
}
