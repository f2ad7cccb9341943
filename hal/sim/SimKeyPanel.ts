import type { Clock, Millis } from '../contracts/clock.js';
import { DeviceError } from '../contracts/device.js';
import type { DeviceHealth } from '../contracts/device.js';
import type { Button, KeyPanel, KeyPanelCaps, LedChange, LedColor } from '../contracts/panel.js';
import { SimEmitter } from './SimEmitter.js';
import type { SimLedEntry, SimPanel } from './SimPanel.js';

export interface SimKeyPanelOptions {
  id: string;
  clock: Clock;
  rows: number;
  cols: number;
  color: KeyPanelCaps['color'];
  maxEdgesPerSecond?: number;
}

type Events = { ready: []; lost: [DeviceError] };

class SimButton implements Button {
  private readonly emitter = new SimEmitter<{ down: [Millis]; up: [Millis] }>();
  isDown = false;
  constructor(readonly id: string) {}
  on(e: 'down' | 'up', l: (t: Millis) => void): this {
    if (e !== 'down' && e !== 'up') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.emitter.add(e, l);
    return this;
  }
  fire(e: 'down' | 'up', t: Millis): void {
    this.isDown = e === 'down';
    this.emitter.emit(e, t);
  }
}

/**
 * A simulated key panel (`hardware.md` §7): the `KeyPanel` contract plus the `SimPanel` script
 * API. It records every rendered LED change with its clock time. While not ready (closed,
 * unplugged) it renders nothing and delivers no key presses, as a real unplugged panel would;
 * the owner writes every LED again after reattaching.
 */
export class SimKeyPanel implements KeyPanel, SimPanel {
  readonly id: string;
  readonly caps: KeyPanelCaps;
  private readonly clock: Clock;
  private readonly emitter = new SimEmitter<Events>();
  private readonly buttons = new Map<number, SimButton>();
  private readonly shown = new Map<number, LedColor | null>();
  private readonly entries: SimLedEntry[] = [];
  private readonly batches: Array<{ t: Millis; changes: LedChange[] }> = [];
  private state: DeviceHealth = 'closed';
  private plugged = true;

  constructor(o: SimKeyPanelOptions) {
    if (!o || typeof o.id !== 'string' || o.id === '') throw new TypeError('opts.id must be a non-empty string');
    if (!o.clock) throw new TypeError('opts.clock is required');
    for (const k of ['rows', 'cols'] as const) {
      if (!(Number.isInteger(o[k]) && o[k] > 0)) throw new RangeError(`opts.${k} must be a positive integer, got ${String(o[k])}`);
    }
    if (!['rgb', 'blueRed', 'mono'].includes(o.color)) throw new RangeError(`opts.color must be rgb, blueRed or mono, got ${String(o.color)}`);
    this.id = o.id;
    this.clock = o.clock;
    this.caps = { keys: o.rows * o.cols, rows: o.rows, cols: o.cols, color: o.color, hwBlink: null, maxEdgesPerSecond: o.maxEdgesPerSecond ?? 1000 };
  }

  get health(): DeviceHealth { return this.state; }

  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  on(e: 'ready' | 'lost', l: (() => void) | ((err: DeviceError) => void)): this {
    if (e !== 'ready' && e !== 'lost') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.emitter.add(e, l as (...a: unknown[]) => void);
    return this;
  }

  async open(): Promise<void> {
    if (this.state === 'ready') return;
    if (!this.plugged) throw new DeviceError('NOT_FOUND', `${this.id}: panel not present`, this.id);
    this.state = 'ready';
    this.emitter.emit('ready');
  }

  async close(): Promise<void> {
    this.state = 'closed';
  }

  button(key: number): Button {
    return this.buttonOf(key);
  }

  render(changes: ReadonlyArray<LedChange>): void {
    if (!Array.isArray(changes)) throw new TypeError('render: changes must be an array');
    for (const c of changes) this.checkKey(c.key);
    if (this.state !== 'ready' || changes.length === 0) return;
    const t = this.clock.now();
    this.batches.push({ t, changes: changes.map((c) => ({ ...c })) });
    for (const c of changes) {
      this.shown.set(c.key, c.color);
      this.entries.push({ t, key: c.key, color: c.color });
    }
  }

  // ---- SimPanel ----

  press(key: number, holdMs?: Millis): void {
    const b = this.buttonOf(key);
    if (holdMs !== undefined && !(holdMs >= 0)) throw new RangeError(`press: holdMs must be >= 0, got ${String(holdMs)}`);
    if (this.state !== 'ready') return;
    b.fire('down', this.clock.now());
    if (holdMs !== undefined) this.clock.setTimeout(() => this.release(key), holdMs);
  }

  release(key: number): void {
    const b = this.buttonOf(key);
    if (this.state !== 'ready' || !b.isDown) return;
    b.fire('up', this.clock.now());
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    for (const b of this.buttons.values()) b.isDown = false;
    if (this.state !== 'ready') return;
    this.state = 'lost';
    this.emitter.emit('lost', new DeviceError('DISCONNECTED', `${this.id}: panel unplugged`, this.id));
  }

  replug(): void {
    if (this.plugged) return;
    this.plugged = true;
    this.shown.clear();
  }

  snapshot(): Record<number, LedColor | null> {
    const out: Record<number, LedColor | null> = {};
    for (let k = 1; k <= this.caps.keys; k++) out[k] = this.shown.get(k) ?? null;
    return out;
  }

  timeline(): SimLedEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  frames(): Array<{ t: Millis; changes: LedChange[] }> {
    return this.batches.map((b) => ({ t: b.t, changes: b.changes.map((c) => ({ ...c })) }));
  }

  private buttonOf(key: number): SimButton {
    this.checkKey(key);
    let b = this.buttons.get(key);
    if (!b) this.buttons.set(key, (b = new SimButton(`${this.id}:${key}`)));
    return b;
  }

  private checkKey(key: number): void {
    if (!(Number.isInteger(key) && key >= 1 && key <= this.caps.keys)) throw new RangeError(`key must be an integer in 1..${this.caps.keys}, got ${String(key)}`);
  }
}
