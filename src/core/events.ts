import type { CallerId } from './callerId.js';
import type { Instant } from './time.js';

/**
 * The key system's input vocabulary (sla.md §3.3). Every event carries `t`, the instant it
 * happened on the injected clock; the core never reads a clock while deciding.
 */

export type SeizeFailCause = 'noBattery' | 'portLost' | 'error';
export type DisconnectBy = 'polarity' | 'loopCurrent' | 'busyTone' | 'silence' | 'maxDuration' | 'other';

/** Events from a line's FXO port, after the supervisor's normalisation. */
export type FxoInput =
  | { type: 'fxo.ring'; line: string; callerId?: CallerId }
  | { type: 'fxo.callerId'; line: string; callerId: CallerId | null }
  | { type: 'fxo.ringStopped'; line: string }
  | { type: 'fxo.offHook'; line: string }
  | { type: 'fxo.dialTone'; line: string }
  | { type: 'fxo.seizeFailed'; line: string; cause: SeizeFailCause }
  | { type: 'fxo.disconnect'; line: string; by: DisconnectBy }
  | { type: 'fxo.health'; line: string; portReady?: boolean; battery?: boolean };

/** Events from a station: a SIP phone, a simulated station or a bound key panel. */
export type StationInput =
  | { type: 'station.offHook'; station: string; digits?: string }
  | { type: 'station.onHook'; station: string }
  | { type: 'station.lineKey'; station: string; line: string; digits?: string }
  | { type: 'station.answer'; station: string; line: string; call?: string }
  | { type: 'station.decline'; station: string; line: string; call?: string }
  | { type: 'station.alertFailed'; station: string; line: string; call?: string }
  | { type: 'station.hold'; station: string; line?: string; exclusive?: boolean }
  | { type: 'station.resume'; station: string; line: string }
  | { type: 'station.hangup'; station: string; line?: string }
  | { type: 'station.reachable'; station: string; reachable: boolean };

/** Outcome of the no-answer forward leg (sla.md §4.6), reported by the SIP layer. */
export type ForwardInput =
  | { type: 'forward.answered'; line: string }
  | { type: 'forward.failed'; line: string }
  | { type: 'forward.ended'; line: string };

export type CoreEvent = { t: Instant } & (FxoInput | StationInput | ForwardInput);
export type CoreEventType = CoreEvent['type'];
