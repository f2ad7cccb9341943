import type { Clock, Millis } from '../../contracts/clock.js';

/**
 * Callers waiting for one kind of reply that carries no sequence number (STATUS to GET_STATUS):
 * the next reply answers all of them; each gives up at its own deadline.
 */
export class ReplyWaiter<T> {
  private readonly waiting = new Set<{ resolve: (v: T) => void; reject: (e: Error) => void; timer: unknown }>();

  constructor(private readonly clock: Clock) {}

  /** Waits for the next reply; `ask` runs when nobody was waiting yet. */
  wait(ms: Millis, timeout: () => Error, ask: () => void): Promise<T> {
    const first = this.waiting.size === 0;
    const p = new Promise<T>((resolve, reject) => {
      const w = { resolve, reject, timer: undefined as unknown };
      w.timer = this.clock.setTimeout(() => {
        this.waiting.delete(w);
        reject(timeout());
      }, ms);
      this.waiting.add(w);
    });
    if (first) ask();
    return p;
  }

  answer(v: T): void {
    for (const w of this.take()) w.resolve(v);
  }

  fail(err: Error): void {
    for (const w of this.take()) w.reject(err);
  }

  private take(): Array<{ resolve: (v: T) => void; reject: (e: Error) => void }> {
    const all = [...this.waiting];
    this.waiting.clear();
    for (const w of all) this.clock.clearTimeout(w.timer);
    return all;
  }
}
