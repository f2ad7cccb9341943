import type { Millis } from '../contracts/clock.js';
import { DeviceError } from '../contracts/device.js';
import type { DeviceHealth } from '../contracts/device.js';
import type { FxoAudio, FxoCaps, FxoEvent, FxoPort } from '../contracts/fxo.js';
import { SimEmitter } from './SimEmitter.js';

/** An event to inject: any FxoEvent, `t` optional. */
export type RawEventInput = FxoEvent extends infer E ? (E extends FxoEvent ? Omit<E, 't'> & { t?: Millis } : never) : never;

type Events = { ready: []; lost: [DeviceError]; event: [FxoEvent] };

/** Everything an edge-reporting port could report; narrow it with `caps`. */
export const FULL_FXO_CAPS: FxoCaps = {
  ring: 'edges', callerId: { standards: ['bell202'], decodedBy: 'device' },
  disconnect: ['polarity', 'loopCurrent', 'busyTone', 'silence'],
  lineVoltage: true, loopCurrent: true, polarity: true, flash: true, pulseDial: true, dtmfDetect: true,
  tones: ['dial', 'busy', 'reorder', 'silence'], audio: null,
};

/**
 * A bare FXO port whose raw events a test injects one by one (`push`), for supervisor edge
 * cases the line simulation does not produce (glitches, odd timings, weaker devices). Controls
 * acknowledge at once with their `hook` event. Prefer `SimFxoPort` for whole calls.
 */
export class RawFxoPort implements FxoPort {
  readonly id: string;
  readonly caps: FxoCaps;
  private readonly emitter = new SimEmitter<Events>();
  private state: DeviceHealth = 'closed';
  private hookState: 'on' | 'off' = 'on';
  /** When set, `open()` rejects with it. */
  failOpen: DeviceError | null = null;
  /** How often `open()` was called. */
  opens = 0;

  constructor(readonly line: string, private readonly now: () => Millis, caps: Partial<FxoCaps> = {}) {
    this.id = `raw:${line}`;
    this.caps = { ...FULL_FXO_CAPS, ...caps };
  }

  get health(): DeviceHealth { return this.state; }
  get hook(): 'on' | 'off' { return this.hookState; }

  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  on(e: 'event', l: (ev: FxoEvent) => void): this;
  on(e: 'ready' | 'lost' | 'event', l: ((err: DeviceError) => void) | ((ev: FxoEvent) => void) | (() => void)): this {
    this.emitter.add(e, l as (...a: unknown[]) => void);
    return this;
  }

  /** Injects a raw event (time defaults to now). */
  push(ev: RawEventInput): void {
    this.emitter.emit('event', { t: this.now(), ...ev } as FxoEvent);
  }

  /** The device fails: `lost` once. */
  lose(): void {
    if (this.state !== 'ready') return;
    this.state = 'lost';
    this.hookState = 'on';
    this.emitter.emit('lost', new DeviceError('DISCONNECTED', `${this.id}: lost`, this.id));
  }

  async open(): Promise<void> {
    this.opens++;
    if (this.failOpen) throw this.failOpen;
    this.state = 'ready';
    this.emitter.emit('ready');
  }

  async close(): Promise<void> {
    if (this.hookState === 'off') await this.onHook();
    this.state = 'closed';
  }

  async offHook(): Promise<void> { this.setHook('off'); }
  async onHook(): Promise<void> { this.setHook('on'); }
  async flash(): Promise<void> { this.push({ type: 'hook', offHook: true, cause: 'flash' }); }
  async dial(): Promise<void> {}
  audio(): FxoAudio | null { return null; }

  private setHook(target: 'on' | 'off'): void {
    if (this.hookState === target) return;
    this.hookState = target;
    this.push({ type: 'hook', offHook: target === 'off', cause: 'command' });
  }
}
