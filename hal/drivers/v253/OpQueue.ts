/**
 * Runs a device's control operations (hook, dial, flash, voice mode changes) one after another.
 * `fail()` rejects every operation not yet started; a running one finds out by itself.
 */
export class OpQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly waiting = new Set<(err: Error) => void>();

  run<T>(op: () => Promise<T>): Promise<T> {
    const result = new Promise<T>((resolve, reject) => {
      let cancelled = false;
      const cancel = (err: Error): void => {
        cancelled = true;
        reject(err);
      };
      this.waiting.add(cancel);
      this.tail = this.tail.then(async () => {
        this.waiting.delete(cancel);
        if (cancelled) return;
        try {
          resolve(await op());
        } catch (err) {
          reject(err);
        }
      });
    });
    return result;
  }

  /** Resolves once everything queued so far has run (or was failed). */
  idle(): Promise<void> {
    return this.tail;
  }

  fail(err: Error): void {
    for (const cancel of [...this.waiting]) cancel(err);
    this.waiting.clear();
  }
}
