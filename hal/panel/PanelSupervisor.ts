import type { Clock, Millis } from '../contracts/clock.js';
import type { DeviceError } from '../contracts/device.js';
import type { KeyPanel } from '../contracts/panel.js';
import { ReopenBackoff } from '../fxo/ReopenBackoff.js';

export type PanelDeviceEvent = { t: Millis; up: true } | { t: Millis; up: false; error: DeviceError | null };

/** Calls `onAppear` when a device for this panel may have appeared; returns the function that stops watching. */
export type PanelWatch = (onAppear: () => void) => () => void;

export interface PanelSupervisorOptions {
  panel: KeyPanel;
  clock: Clock;
  /**
   * Reopen delays: first, doubling up to max. Default 2 s → 30 s: every attempt is a full USB bus
   * scan, so never more often than every 2 s (`hardware.md` §4).
   */
  backoff?: { firstMs: Millis; maxMs: Millis };
  /** Optional hot-plug hint (`HidWatcher.watch` for the panel's match): tried at once when it fires. */
  watch?: PanelWatch;
}

/**
 * Keeps one key panel open (`hardware.md` §5: a device MUST NOT reopen itself; its supervisor
 * does). `start()` opens it; whenever it is lost, or was absent at start, `open()` is tried again
 * after 2 s, 4 s … 30 s, and at once when the watch says a device appeared, until it succeeds.
 * Emits `device {up}` for every `ready` and every loss (and a failed first open), in order.
 * Restoring the lamps is the panel owner's job on `ready` (`BlinkEngine.writeAll`), as on start.
 * After `stop()` nothing is retried and nothing emitted; the panel is closed.
 */
export class PanelSupervisor {
  readonly panel: KeyPanel;
  private readonly clock: Clock;
  private readonly backoff: ReopenBackoff;
  private readonly watch: PanelWatch | undefined;
  private readonly listeners = new Set<(ev: PanelDeviceEvent) => void>();
  private unwatch: (() => void) | null = null;
  private stopped = false;
  private started = false;

  constructor(o: PanelSupervisorOptions) {
    if (!o?.panel || typeof o.panel.open !== 'function') throw new TypeError('opts.panel must be a KeyPanel');
    if (!o.clock || typeof o.clock.now !== 'function') throw new TypeError('opts.clock must be a Clock');
    this.panel = o.panel;
    this.clock = o.clock;
    this.watch = o.watch;
    this.backoff = new ReopenBackoff(o.clock, () => this.panel.open(), o.backoff?.firstMs ?? 2000, o.backoff?.maxMs ?? 30_000);
    o.panel.on('ready', () => this.onReady());
    o.panel.on('lost', (err) => this.onDown(err));
  }

  on(e: 'device', l: (ev: PanelDeviceEvent) => void): this {
    if (e !== 'device') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.listeners.add(l);
    return this;
  }

  /** Whether the panel is open now. */
  get up(): boolean {
    return this.panel.health === 'ready';
  }

  /** Opens the panel; if that fails, reports it down and keeps trying. Resolves after the first attempt. */
  async start(): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    try {
      await this.panel.open();
    } catch (err) {
      this.onDown(err as DeviceError);
    }
  }

  /** Cancels retries and closes the panel. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.backoff.stop();
    this.unwatch?.();
    this.unwatch = null;
    await this.panel.close();
  }

  private onReady(): void {
    if (this.stopped) return;
    this.backoff.succeeded();
    this.unwatch?.();
    this.unwatch = null;
    this.emit({ t: this.clock.now(), up: true });
  }

  private onDown(error: DeviceError | null): void {
    if (this.stopped) return;
    this.emit({ t: this.clock.now(), up: false, error });
    this.backoff.start();
    if (this.watch && !this.unwatch) this.unwatch = this.watch(() => this.appeared());
  }

  private appeared(): void {
    if (this.stopped || this.panel.health === 'ready' || this.panel.health === 'opening') return;
    this.panel.open().catch(() => undefined); // failure: the backoff goes on
  }

  private emit(ev: PanelDeviceEvent): void {
    for (const l of [...this.listeners]) l(ev);
  }
}
