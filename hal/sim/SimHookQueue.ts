import type { Clock, Millis } from '../contracts/clock.js';
import type { DeviceError } from '../contracts/device.js';
import { TimerSet } from '../fxo/TimerSet.js';

type Target = 'on' | 'off';
interface HookOp {
  target: Target;
  promise: Promise<void>;
  settle: (err: DeviceError | null) => void;
}

/**
 * The simulated hook relay: commands run one after another, each acknowledged `ackMs` later by
 * `apply` (which emits the `hook` event) before its promise resolves. A repeated command while
 * one with the same target is queued last returns that one's promise (idempotent).
 */
export class SimHookQueue {
  private readonly timers: TimerSet;
  private readonly ops: HookOp[] = [];

  constructor(
    clock: Clock,
    private readonly ackMs: Millis,
    private readonly current: () => Target,
    private readonly apply: (target: Target) => void,
  ) {
    this.timers = new TimerSet(clock);
  }

  /** Queues a command; `null` when the hook is already there and nothing is queued. */
  request(target: Target): Promise<void> | null {
    const last = this.ops[this.ops.length - 1];
    if (last?.target === target) return last.promise;
    if (!last && this.current() === target) return null;
    let settle: HookOp['settle'] = () => undefined;
    const promise = new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : resolve());
    });
    this.ops.push({ target, promise, settle });
    if (this.ops.length === 1) this.arm();
    return promise;
  }

  /** Rejects every queued command with `err` (device lost or closed). */
  fail(err: DeviceError): void {
    this.timers.clear();
    for (const op of this.ops.splice(0)) op.settle(err);
  }

  private arm(): void {
    const op = this.ops[0];
    if (!op) return;
    this.timers.after(this.ackMs, () => {
      this.ops.shift();
      if (this.current() !== op.target) this.apply(op.target);
      op.settle(null);
      this.arm();
    });
  }
}
