import type { Clock, Millis } from '../../contracts/clock.js';

/** One awaited outcome with a deadline: settles once, by a report, a failure or the timeout. */
export class PendingOp {
  readonly promise: Promise<void>;
  private resolveFn: () => void = () => undefined;
  private rejectFn: (e: Error) => void = () => undefined;
  private readonly timer: unknown;
  private done = false;

  constructor(private readonly clock: Clock, ms: Millis, onTimeout: () => Error) {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.timer = clock.setTimeout(() => this.settle(onTimeout()), ms);
  }

  get settled(): boolean {
    return this.done;
  }

  settle(err: Error | null): void {
    if (this.done) return;
    this.done = true;
    this.clock.clearTimeout(this.timer);
    if (err) this.rejectFn(err);
    else this.resolveFn();
  }
}
