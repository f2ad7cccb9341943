import { DeviceError } from '../../hal/contracts/index.js';
import type { Clock, FxoEvent, FxoPort } from '../../hal/contracts/index.js';
import type { CallerId } from '../core/callerId.js';
import type { CoreEvent, SeizeFailCause } from '../core/events.js';
import type { LineStatus } from '../core/status.js';
import type { Logger } from './Logger.js';

/** A caller as the core knows it, from the port's caller-ID fields. */
export function callerIdOf(ev: Extract<FxoEvent, { type: 'callerId' }>): CallerId {
  const out: CallerId = {};
  if (ev.number) out.number = ev.number;
  if (ev.name) out.name = ev.name;
  if (ev.numberAbsent) out.withheld = ev.numberAbsent;
  return out;
}

/** A port's last readings taken on-hook and off-hook, kept apart: each state has its own normal range. */
export type LineLevels = NonNullable<LineStatus['levels']>;

/**
 * Joins one line's FXO port (behind its supervisor) to the key system: normalised port events
 * become core events, and the core's port commands become driver calls whose failures come back
 * as events. It decides nothing about calls (hardware.md §1: only the core does).
 */
export class PortBridge {
  private battery = true;
  private digitListener: ((digit: string) => void) | null = null;
  private readonly lastLevels: LineLevels = {};

  constructor(
    readonly line: string,
    readonly port: FxoPort,
    private readonly clock: Clock,
    private readonly dispatch: (ev: CoreEvent) => void,
    private readonly log: Logger,
  ) {}

  /** One supervisor event; raw ones never reach here. */
  onEvent(ev: FxoEvent): void {
    const line = this.line;
    const t = ev.t;
    switch (ev.type) {
      case 'ringing':
        this.log.log('info', 'fxo', { line, event: 'ringing', cadence: ev.cadence });
        return this.dispatch({ type: 'fxo.ring', line, t });
      case 'callerId':
        this.log.log('info', 'fxo', { line, event: 'caller-id', number: ev.number ?? ev.numberAbsent, name: ev.name });
        return this.dispatch({ type: 'fxo.callerId', line, t, callerId: callerIdOf(ev) });
      case 'ringingStopped':
        this.log.log('info', 'fxo', { line, event: 'ringing-stopped' });
        return this.dispatch({ type: 'fxo.ringStopped', line, t });
      case 'hook':
        this.log.log('info', 'fxo', { line, event: 'hook', state: ev.offHook ? 'off' : 'on', cause: ev.cause });
        if (ev.offHook && ev.cause === 'command') this.dispatch({ type: 'fxo.offHook', line, t });
        return;
      case 'tone':
        if (ev.tone === 'dial' && ev.on) this.dispatch({ type: 'fxo.dialTone', line, t });
        return;
      case 'farEndDisconnect':
        this.log.log('info', 'fxo', { line, event: 'far-end-disconnect', by: ev.by });
        return this.dispatch({ type: 'fxo.disconnect', line, t, by: ev.by });
      case 'battery':
        this.battery = ev.present;
        this.log.log(ev.present ? 'notice' : 'warning', 'fxo', { line, event: 'battery', present: ev.present });
        return this.dispatch({ type: 'fxo.health', line, t, battery: ev.present });
      case 'dtmf':
        this.digitListener?.(ev.digit);
        return;
      case 'device':
        this.log.log(ev.up ? 'notice' : 'warning', 'fxo', { line, event: 'device', up: ev.up });
        return this.dispatch({ type: 'fxo.health', line, t, portReady: ev.up });
      case 'line':
        return this.sample(t, ev.volts, ev.milliamps);
      default:
        return;
    }
  }

  /**
   * The last line voltage and loop current the port reported (drivers that can, e.g. the MCU
   * board), on-hook and off-hook apart, for `keyline status` and `keyline doctor`; absent until
   * the port reports one.
   */
  get levels(): LineLevels | undefined {
    const { onHook, offHook } = this.lastLevels;
    if (!onHook && !offHook) return undefined;
    return { ...(onHook ? { onHook: { ...onHook } } : {}), ...(offHook ? { offHook: { ...offHook } } : {}) };
  }

  /**
   * A `line` event, filed under the hook the port reports now. A reading with only one quantity
   * (a loop-current restore) keeps the other from the last reading in the same hook state.
   */
  private sample(t: number, volts: number | undefined, milliamps: number | undefined): void {
    if (volts === undefined && milliamps === undefined) return;
    const key = this.port.hook === 'off' ? 'offHook' : 'onHook';
    const before = this.lastLevels[key];
    const v = volts ?? before?.volts;
    const mA = milliamps ?? before?.milliamps;
    this.lastLevels[key] = { t, ...(v !== undefined ? { volts: v } : {}), ...(mA !== undefined ? { milliamps: mA } : {}) };
  }

  /** Digits the line's far end sends, for the media layer to pass on to connected stations. */
  onDigit(listener: (digit: string) => void): void {
    this.digitListener = listener;
  }

  offHook(): void {
    this.port.offHook().catch((err: unknown) => {
      const cause: SeizeFailCause = !this.battery ? 'noBattery' : err instanceof DeviceError && err.code === 'DISCONNECTED' ? 'portLost' : 'error';
      this.log.log('warning', 'fxo', { line: this.line, event: 'off-hook-failed', cause, error: String(err instanceof Error ? err.message : err) });
      this.dispatch({ type: 'fxo.seizeFailed', line: this.line, t: this.clock.now(), cause });
    });
  }

  /** On-hook is the safe state: a failure is logged, never retried into a loop. */
  onHook(): Promise<void> {
    return this.port.onHook().catch((err: unknown) => {
      this.log.log('error', 'fxo', { line: this.line, event: 'on-hook-failed', error: String(err instanceof Error ? err.message : err) });
    });
  }

  dial(digits: string): void {
    this.port.dial(digits).catch((err: unknown) => {
      this.log.log('warning', 'fxo', { line: this.line, event: 'dial-failed', error: String(err instanceof Error ? err.message : err) });
    });
  }
}
