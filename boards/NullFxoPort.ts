import { DeviceError } from '../hal/contracts/index.js';
import type { DeviceHealth, FxoAudio, FxoCaps, FxoPort } from '../hal/contracts/index.js';

/**
 * Stands in for an optional FXO device that is absent or has no driver in this build (STYLE.md 3):
 * it never opens (`NOT_FOUND`), emits nothing, is always on-hook and can do nothing, so the rest
 * of the service needs no `if (board.hasX)`. Its line shows out of service.
 */
export class NullFxoPort implements FxoPort {
  readonly caps: FxoCaps = {
    ring: 'edges', callerId: null, disconnect: [], lineVoltage: false, loopCurrent: false, polarity: false,
    flash: false, pulseDial: false, dtmfDetect: false, tones: [], audio: null,
  };
  readonly health: DeviceHealth = 'closed';
  readonly hook = 'on' as const;

  constructor(readonly id: string, readonly line: string, private readonly reason: string) {}

  on(): this {
    return this;
  }

  open(): Promise<void> {
    return Promise.reject(this.absent());
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  offHook(): Promise<void> {
    return Promise.reject(this.absent());
  }

  onHook(): Promise<void> {
    return Promise.resolve();
  }

  flash(): Promise<void> {
    return Promise.reject(this.absent());
  }

  dial(digits: string): Promise<void> {
    if (typeof digits !== 'string' || !/^[0-9*#ABCD,]*$/.test(digits)) throw new RangeError(`dial: digits must match 0-9*#ABCD and ",", got ${JSON.stringify(digits)}`);
    return Promise.reject(this.absent());
  }

  audio(): FxoAudio | null {
    return null;
  }

  private absent(): DeviceError {
    return new DeviceError('NOT_FOUND', `${this.id}: ${this.reason}`, this.id);
  }
}
