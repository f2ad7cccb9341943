import type { Clock, Millis } from '../contracts/clock.js';
import type { FxoEvent, FxoPort } from '../contracts/fxo.js';
import type { CountryProfile } from '../contracts/profile.js';
import { CallerIdGate } from './CallerIdGate.js';
import { DisconnectWatch } from './DisconnectWatch.js';
import { ReopenBackoff } from './ReopenBackoff.js';
import { RingTracker } from './RingTracker.js';

export interface FxoSupervisorOptions {
  port: FxoPort;
  clock: Clock;
  profile: CountryProfile;
  /** Reopen delays after a loss: first, doubling up to max. Default 1 s → 30 s. */
  backoff?: { firstMs: Millis; maxMs: Millis };
}

export type FxoListener = (ev: FxoEvent) => void;

/**
 * Normalises one FXO port's raw events for the core (`hardware.md` §1, §2). Pure logic on the
 * injected clock and a country profile; the core never sees raw bursts.
 *
 * Emits `ringing`, `ringingStopped` (RingTracker), `callerId` once per call (CallerIdGate),
 * `farEndDisconnect` once per seizure (DisconnectWatch), `device {up}` mirroring the port's
 * `ready`/`lost`, and passes `hook`, `battery`, `tone`, `dtmf` and `line` through unchanged.
 * Consumes `ringBurst`, `polarityReversal` and `loopCurrentDrop`; drops supervisor-level events
 * a driver must not produce.
 *
 * - A seizure (`hook {offHook: true}`, not a flash) ends ringing without `ringingStopped`: the
 *   core answered. A lost device forgets the call the same way and emits `device {up: false}`.
 * - On `lost` it MUST call `port.open()` again after 1 s, 2 s, 4 s … 30 s until it succeeds; the
 *   port MUST NOT reopen itself.
 * - After `close()`/`dispose()` it MUST NOT emit anything and holds no timer.
 */
export class FxoSupervisor {
  readonly port: FxoPort;
  private readonly listeners = new Set<FxoListener>();
  private readonly ring: RingTracker;
  private readonly cid: CallerIdGate;
  private readonly disconnect: DisconnectWatch;
  private readonly reopen: ReopenBackoff;
  private readonly validateMs: Millis;
  private offHook = false;
  private disposed = false;

  constructor(opts: FxoSupervisorOptions) {
    const { port, clock, profile } = opts;
    if (!port) throw new TypeError('opts.port is required');
    if (!clock) throw new TypeError('opts.clock is required');
    if (!profile) throw new TypeError('opts.profile is required');
    this.port = port;
    this.validateMs = profile.ring.validateMs;
    this.ring = new RingTracker(clock, profile, port.caps.ring, {
      ringing: (t, cadence) => {
        this.emit({ t, type: 'ringing', cadence });
        if (cadence === null) this.cid.ringingStarted(t);
      },
      stopped: (t) => this.emit({ t, type: 'ringingStopped' }),
    });
    this.cid = new CallerIdGate(clock, profile.callerId.holdMs, (ev) => this.emit(ev));
    this.disconnect = new DisconnectWatch(clock, profile, port.caps, (t, by) => this.emit({ t, type: 'farEndDisconnect', by }));
    this.reopen = new ReopenBackoff(clock, () => this.port.open(), opts.backoff?.firstMs, opts.backoff?.maxMs);
    port.on('event', (ev) => this.onPortEvent(ev));
    port.on('ready', () => this.onReady(clock.now()));
    port.on('lost', () => this.onLost(clock.now()));
  }

  on(e: 'event', l: FxoListener): this {
    if (e !== 'event') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.listeners.add(l);
    return this;
  }

  off(e: 'event', l: FxoListener): this {
    if (e === 'event') this.listeners.delete(l);
    return this;
  }

  /** Caller IDs dropped (held past `holdMs`, or a second one in a call). */
  get callerIdDropped(): number {
    return this.cid.dropped;
  }

  /**
   * Opens the port once. If that fails it rejects with the port's `DeviceError` and keeps
   * retrying with the backoff, so an optional device comes up when it appears; `close()` stops it.
   */
  async open(): Promise<void> {
    if (this.disposed) throw new Error('FxoSupervisor is closed');
    try {
      await this.port.open();
    } catch (err) {
      if (!this.disposed) this.reopen.start();
      throw err;
    }
  }

  /** Disposes, then closes the port (which puts the line on-hook first). */
  async close(): Promise<void> {
    this.dispose();
    await this.port.close();
  }

  /** Cancels every timer and the reopen sequence; nothing is emitted afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reopen.stop();
    this.forgetCall();
    this.listeners.clear();
  }

  private onReady(t: Millis): void {
    if (this.disposed) return;
    this.reopen.succeeded();
    this.emit({ t, type: 'device', up: true });
  }

  private onLost(t: Millis): void {
    if (this.disposed) return;
    this.forgetCall();
    this.emit({ t, type: 'device', up: false });
    this.reopen.start();
  }

  private forgetCall(): void {
    this.ring.reset();
    this.cid.reset();
    this.disconnect.released();
    this.offHook = false;
  }

  private onPortEvent(ev: FxoEvent): void {
    if (this.disposed) return;
    switch (ev.type) {
      case 'ringBurst':
        this.ring.burst(ev.t, ev.on, ev.ms);
        // +1: the validation timer, armed first, fires before the hold ends at the same instant.
        if (ev.on && !this.ring.ringing) this.cid.burstStarted(ev.t, ev.t + this.validateMs + 1);
        return;
      case 'callerId':
        this.cid.offer(ev, this.ring.ringing, this.offHook);
        return;
      case 'polarityReversal':
        if (this.offHook) this.disconnect.polarity(ev.t);
        return;
      case 'loopCurrentDrop':
        if (this.offHook) this.disconnect.loopDrop(ev.t, ev.ms);
        return;
      case 'hook':
        this.onHook(ev.t, ev.offHook, ev.cause);
        this.emit(ev);
        return;
      case 'tone':
        this.disconnect.tone(ev.t, ev.tone, ev.on);
        this.emit(ev);
        return;
      case 'battery':
      case 'dtmf':
      case 'line':
        this.emit(ev);
        return;
      case 'ringing':
      case 'ringingStopped':
      case 'farEndDisconnect':
      case 'device':
        return;
    }
  }

  private onHook(t: Millis, offHook: boolean, cause: 'command' | 'flash' | 'failsafe'): void {
    if (cause === 'flash' || offHook === this.offHook) return;
    this.offHook = offHook;
    if (offHook) {
      this.ring.reset();
      this.cid.reset();
      this.disconnect.seized(t);
    } else {
      this.disconnect.released();
    }
  }

  private emit(ev: FxoEvent): void {
    if (this.disposed) return;
    for (const l of [...this.listeners]) l(ev);
  }
}
