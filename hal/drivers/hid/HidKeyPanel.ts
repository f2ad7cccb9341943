import { EventEmitter } from 'node:events';
import type { Clock, Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import type { DeviceHealth } from '../../contracts/device.js';
import type { Button, KeyPanel, KeyPanelCaps, LedChange, LedColor } from '../../contracts/panel.js';
import { HidButton } from './HidButton.js';
import { hidError } from './hidError.js';
import { LedWriteQueue } from './LedWriteQueue.js';

/** An opened panel as its driver hands it to `HidKeyPanel`. */
export interface HidLink {
  /** Writes one coalesced batch of LED states; resolves when written. */
  writeLeds(batch: ReadonlyMap<number, LedColor | null>): Promise<void>;
  /** Releases the device; idempotent. */
  close(): Promise<void>;
}

/** What a driver's `connect()` reports back while its link lives. Calls after the link died are ignored. */
export interface HidLinkEvents {
  key(key: number, down: boolean, t: Millis): void;
  lost(err: unknown): void;
}

export interface HidKeyPanelOptions {
  id: string;
  clock: Clock;
  caps: KeyPanelCaps;
  /** Wait at least this long after closing before opening again (X-keys: ~300 ms). */
  reopenGuardMs?: Millis;
  /** How long `close()` lets queued LED writes finish (SIGTERM turns every LED off first). */
  closeFlushMs?: Millis;
}

/**
 * The device life cycle shared by the HID panel drivers (`hardware.md` §5):
 *
 * - `open()` finds and opens the device (`connect()`), then emits `ready`; it rejects with a
 *   `DeviceError` and leaves the panel as it was (`closed` or `lost`) when it cannot.
 * - `lost` is emitted at most once per successful `open()`, when the device fails (read error,
 *   failed write); the panel MUST NOT reopen itself: its supervisor calls `open()` again.
 * - `render()` returns at once: changes go to the one coalescing write queue of the device;
 *   while not `ready` they are dropped (the owner writes every LED in full on `ready`).
 * - `close()` lets queued writes finish (bounded), releases the device, is idempotent and emits
 *   nothing afterwards. Keys are 1-based; a bad key throws naming it; `hwFlash` is refused
 *   (`caps.hwBlink` is null: the blink engine blinks in software).
 */
export abstract class HidKeyPanel implements KeyPanel {
  readonly id: string;
  readonly caps: KeyPanelCaps;
  protected readonly clock: Clock;
  private readonly emitter = new EventEmitter();
  private readonly buttons = new Map<number, HidButton>();
  private readonly reopenGuardMs: Millis;
  private readonly closeFlushMs: Millis;
  private state: DeviceHealth = 'closed';
  private link: HidLink | null = null;
  private queue: LedWriteQueue | null = null;
  private generation = 0;
  private opening: Promise<void> | null = null;
  private releasedAt: Millis | null = null;

  constructor(o: HidKeyPanelOptions) {
    if (!o || typeof o.id !== 'string' || o.id === '') throw new TypeError('opts.id must be a non-empty string');
    if (!o.clock || typeof o.clock.now !== 'function') throw new TypeError('opts.clock must be a Clock');
    this.id = o.id;
    this.clock = o.clock;
    this.caps = Object.freeze({ ...o.caps });
    this.reopenGuardMs = o.reopenGuardMs ?? 0;
    this.closeFlushMs = o.closeFlushMs ?? 1000;
  }

  /** Finds, opens and initialises the device; reports keys and failures through `events`. */
  protected abstract connect(events: HidLinkEvents): Promise<HidLink>;

  get health(): DeviceHealth {
    return this.state;
  }

  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  on(e: 'ready' | 'lost', l: (() => void) | ((err: DeviceError) => void)): this {
    if (e !== 'ready' && e !== 'lost') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.emitter.on(e, l);
    return this;
  }

  open(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    this.opening ??= this.doOpen().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  async close(): Promise<void> {
    ++this.generation;
    const { link, queue } = this;
    this.link = this.queue = null;
    this.state = 'closed';
    if (queue) {
      await this.within(queue.idle(), this.closeFlushMs);
      queue.stop();
    }
    if (link) await this.release(link);
  }

  button(key: number): Button {
    this.checkKey(key, 'key');
    let b = this.buttons.get(key);
    if (!b) this.buttons.set(key, (b = new HidButton(`${this.id}:${key}`)));
    return b;
  }

  render(changes: ReadonlyArray<LedChange>): void {
    if (!Array.isArray(changes)) throw new TypeError('render: changes must be an array');
    changes.forEach((c, i) => {
      this.checkKey(c?.key, `changes[${i}].key`);
      if (c.hwFlash) throw new RangeError(`changes[${i}].hwFlash: panel ${this.id} has no hardware flash usable in step with the blink engine`);
    });
    if (this.state !== 'ready' || !this.queue || changes.length === 0) return;
    this.queue.push(changes);
  }

  private async doOpen(): Promise<void> {
    const gen = ++this.generation;
    const before = this.state; // 'closed' or 'lost': a failed open leaves it as it was
    this.state = 'opening';
    if (this.releasedAt !== null) await this.sleep(this.releasedAt + this.reopenGuardMs - this.clock.now());
    let link: HidLink;
    try {
      link = await this.connect({
        key: (key, down, t) => {
          if (gen === this.generation && this.state === 'ready') this.buttons.get(key)?.edge(down, t);
        },
        lost: (err) => {
          if (gen === this.generation) this.lose(err);
        },
      });
    } catch (err) {
      if (gen === this.generation) this.state = before;
      throw hidError(err, this.id, 'open');
    }
    if (gen !== this.generation) {
      await this.release(link);
      throw new DeviceError('INVALID_STATE', `${this.id}: closed while opening`, this.id);
    }
    this.link = link;
    this.queue = new LedWriteQueue((batch) => link.writeLeds(batch));
    this.state = 'ready';
    this.emitter.emit('ready');
  }

  private lose(err: unknown): void {
    if (this.state !== 'ready') return;
    this.generation++;
    const { link } = this;
    this.queue?.stop();
    this.link = this.queue = null;
    this.state = 'lost';
    for (const b of this.buttons.values()) b.reset();
    if (link) void this.release(link);
    const e = hidError(err, this.id, 'panel lost');
    const lost = e.code === 'DISCONNECTED' ? e : new DeviceError('DISCONNECTED', e.message, this.id);
    this.emitter.emit('lost', lost);
  }

  private async release(link: HidLink): Promise<void> {
    await link.close().catch(() => undefined);
    this.releasedAt = this.clock.now();
  }

  private sleep(ms: Millis): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  private async within(p: Promise<void>, ms: Millis): Promise<void> {
    let handle: unknown;
    const timeout = new Promise<void>((resolve) => {
      handle = this.clock.setTimeout(resolve, ms);
    });
    await Promise.race([p, timeout]);
    this.clock.clearTimeout(handle);
  }

  private checkKey(key: unknown, name: string): void {
    if (!(typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= this.caps.keys)) {
      throw new RangeError(`${name} must be an integer in 1..${this.caps.keys}, got ${String(key)}`);
    }
  }
}
