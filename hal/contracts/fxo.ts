import type { Millis } from './clock.js';
import type { Device, DeviceError } from './device.js';

export type CidStandard = 'bell202' | 'v23-uk' | 'v23-etsi' | 'dtmf' | 'modem';
export type ToneKind = 'dial' | 'busy' | 'reorder' | 'ringback' | 'sit' | 'silence' | 'fax';
export type DisconnectCue = 'polarity' | 'loopCurrent' | 'busyTone' | 'silence';

/** What an FXO port can really do. A capability that is not there MUST NOT be listed. */
export interface FxoCaps {
  ring: 'edges' | 'ringsOnly';
  callerId: { standards: CidStandard[]; decodedBy: 'device' | 'host' } | null;
  disconnect: DisconnectCue[];
  lineVoltage: boolean;
  loopCurrent: boolean;
  polarity: boolean;
  flash: boolean;
  pulseDial: boolean;
  dtmfDetect: boolean;
  tones: ToneKind[];
  audio: { encoding: 'u8' | 's16le' | 'ulaw' | 'alaw'; rateHz: 8000; frameMs: 20; duplex: boolean } | null;
}

export interface CallerIdFields {
  number?: string;
  numberAbsent?: 'O' | 'P';
  name?: string;
  nameAbsent?: 'O' | 'P';
  when?: { month: number; day: number; hour: number; minute: number };
}

/**
 * Events of an FXO port (`hardware.md` §2.1). `t` is the source's time mapped to the host clock.
 * Drivers produce the raw ones (`ringBurst`, `polarityReversal`, `loopCurrentDrop`, `battery`,
 * `tone`, `dtmf`, `hook`, `line`, `callerId` decode); the supervisor adds `ringing`,
 * `ringingStopped`, `farEndDisconnect` and `device`.
 */
export type FxoEvent = { t: Millis } & (
  | { type: 'ringBurst'; on: boolean; ms?: Millis }
  | { type: 'ringing'; cadence: string | null }
  | { type: 'ringingStopped' }
  | ({ type: 'callerId'; standard: CidStandard; raw?: Uint8Array } & CallerIdFields)
  | { type: 'polarityReversal' }
  | { type: 'loopCurrentDrop'; ms: Millis }
  | { type: 'line'; volts?: number; milliamps?: number }
  | { type: 'battery'; present: boolean }
  | { type: 'tone'; tone: ToneKind; on: boolean }
  | { type: 'dtmf'; digit: string; ms?: Millis }
  | { type: 'hook'; offHook: boolean; cause: 'command' | 'flash' | 'failsafe' }
  | { type: 'farEndDisconnect'; by: DisconnectCue | 'maxDuration' }
  | { type: 'device'; up: boolean }
);

export type FxoEventType = FxoEvent['type'];

/** 20 ms audio frames in `caps.audio.encoding`, both ways (filled in by the media issue). */
export interface FxoAudio {
  rx: NodeJS.ReadableStream;
  tx: NodeJS.WritableStream;
}

/**
 * One analog loop-start line.
 *
 * - A port MUST start on-hook and MUST go on-hook on `close()`; hardware that can MUST go
 *   on-hook by itself when the host falls silent.
 * - `offHook()` / `onHook()` MUST resolve only once the hardware acknowledged (a `hook` event
 *   precedes the resolution) and MUST be idempotent; a failure rejects with `DeviceError`.
 * - `flash()` MUST reject with `INVALID_STATE` unless off-hook. `dial()` MUST throw at once on a
 *   character outside `0-9*#ABCD,` and resolves when every digit was sent.
 * - A driver MUST NOT interpret call state, country timing or lamps: it reports, the supervisor
 *   and the core decide. It MUST timestamp at the source and use only the injected `Clock`.
 */
export interface FxoPort extends Device<FxoCaps> {
  readonly line: string;
  readonly hook: 'on' | 'off';
  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  on(e: 'event', l: (ev: FxoEvent) => void): this;
  offHook(): Promise<void>;
  onHook(): Promise<void>;
  flash(ms?: Millis): Promise<void>;
  dial(digits: string, opts?: { mode?: 'dtmf' | 'pulse' }): Promise<void>;
  audio(): FxoAudio | null;
}
