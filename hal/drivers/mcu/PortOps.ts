import type { HostMessage } from '../../codecs/klb/hostMessages.js';
import type { Clock, Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import { PendingOp } from './PendingOp.js';

export interface PortOpsDeps {
  clock: Clock;
  id: string;
  /** After the command is sent, how long the board may take to report the hook. */
  hookTimeoutMs: Millis;
  /** Sends with ACK_REQ; rejects on a refusal or a lost link. */
  request(msg: HostMessage): Promise<void>;
  /** The hook as the board last reported it; `unknown` until it has since the port opened. */
  hook(): 'on' | 'off' | 'unknown';
}

/**
 * A port's controls in flight: hook commands one after another (a repeat of the last queued
 * target returns its promise), at most one flash or dial. Each resolves on the board's report
 * (HOOK_STATE, DIAL_DONE), not on the ACK alone; an ACK refusal, the deadline or `failAll`
 * rejects it.
 */
export class PortOps {
  private lastHook: { target: 'on' | 'off'; promise: Promise<void> } | null = null;
  private current: { target: 'on' | 'off'; op: PendingOp } | null = null;
  private flashOp: PendingOp | null = null;
  private dialOp: PendingOp | null = null;
  private generation = 0;
  private failure: Error | null = null;

  constructor(private readonly d: PortOpsDeps) {}

  get hookPending(): boolean {
    return this.lastHook !== null;
  }

  hook(target: 'on' | 'off'): Promise<void> {
    const last = this.lastHook;
    if (last?.target === target) return last.promise;
    if (!last && this.d.hook() === target) return Promise.resolve();
    const gen = this.generation;
    const before = last ? last.promise.catch(() => undefined) : Promise.resolve();
    const promise = before.then(() => this.runHook(target, gen));
    const entry = { target, promise };
    this.lastHook = entry;
    const clear = (): void => {
      if (this.lastHook === entry) this.lastHook = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  flash(ms: Millis): Promise<void> {
    const busy = this.busy();
    if (busy) return Promise.reject(busy);
    const op = new PendingOp(this.d.clock, ms + this.d.hookTimeoutMs, () => this.err('TIMEOUT', 'no hook report after the flash'));
    this.flashOp = op;
    this.d.request({ kind: 'flash', ms }).catch((e: Error) => op.settle(e));
    return op.promise;
  }

  dial(msg: Extract<HostMessage, { kind: 'dial' }>, budgetMs: Millis): Promise<void> {
    const busy = this.busy();
    if (busy) return Promise.reject(busy);
    const op = new PendingOp(this.d.clock, budgetMs, () => this.err('TIMEOUT', 'no DIAL_DONE'));
    this.dialOp = op;
    this.d.request(msg).catch((e: Error) => op.settle(e));
    return op.promise;
  }

  /** The board reported the hook (`cause` as on the `hook` event). */
  hookReported(off: boolean, cause: 'command' | 'flash' | 'failsafe', onHookError: Error): void {
    const cur = this.current;
    if (cur && cause === 'command' && off === (cur.target === 'off')) {
      this.current = null;
      cur.op.settle(null);
    }
    if (off && cause === 'flash') this.flashOp?.settle(null);
    if (!off) {
      this.flashOp?.settle(onHookError);
      this.dialOp?.settle(onHookError);
    }
  }

  dialDone(err: Error | null): void {
    this.dialOp?.settle(err);
  }

  /** Rejects everything in flight or queued with `err` (device lost, closed). */
  failAll(err: Error): void {
    this.generation++;
    this.failure = err;
    this.current?.op.settle(err);
    this.current = null;
    this.flashOp?.settle(err);
    this.dialOp?.settle(err);
    this.lastHook = null;
  }

  private runHook(target: 'on' | 'off', gen: number): Promise<void> {
    if (gen !== this.generation) return Promise.reject(this.failure ?? this.err('INVALID_STATE', 'cancelled'));
    if (this.d.hook() === target) return Promise.resolve();
    const op = new PendingOp(this.d.clock, this.d.hookTimeoutMs, () => this.err('TIMEOUT', `no hook report after ${target === 'off' ? 'off' : 'on'}-hook`));
    this.current = { target, op };
    this.d.request({ kind: 'hook', off: target === 'off' }).catch((e: Error) => op.settle(e));
    return op.promise;
  }

  private busy(): DeviceError | null {
    if (this.flashOp && !this.flashOp.settled) return this.err('BUSY', 'flash in progress');
    if (this.dialOp && !this.dialOp.settled) return this.err('BUSY', 'dial in progress');
    return null;
  }

  private err(code: DeviceError['code'], msg: string): DeviceError {
    return new DeviceError(code, `${this.d.id}: ${msg}`, this.d.id);
  }
}
