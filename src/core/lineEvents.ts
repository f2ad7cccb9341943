import type { CallerId } from './callerId.js';
import type { DisconnectBy, SeizeFailCause } from './events.js';
import type { LineAppearance } from './lineContext.js';
import type { LineDef } from './options.js';
import type { Instant } from './time.js';

/**
 * What the key system sends one line actor. Station-level decisions (which line an off-hook
 * takes, auto hold, exclusive double press) are made before; the line decides the rest.
 * `timer` carries the instant it was due: one timer per line, at the line's next deadline.
 */
export type LineEvent = { t: Instant } & (
  | { type: 'fxo.ring'; callerId?: CallerId }
  | { type: 'fxo.callerId'; callerId: CallerId | null }
  | { type: 'fxo.ringStopped' }
  | { type: 'fxo.offHook' }
  | { type: 'fxo.dialTone' }
  | { type: 'fxo.seizeFailed'; cause: SeizeFailCause }
  | { type: 'fxo.disconnect'; by: DisconnectBy }
  | { type: 'fxo.health'; portReady?: boolean; battery?: boolean }
  | { type: 'lineKey'; station: string; digits?: string }
  | { type: 'answer'; station: string; call?: string }
  | { type: 'decline'; station: string; call?: string }
  | { type: 'alertFailed'; station: string; call?: string }
  | { type: 'reachable'; station: string }
  | { type: 'hold'; station: string; exclusive: boolean }
  | { type: 'resume'; station: string }
  | { type: 'hangup'; station: string }
  | { type: 'forward.answered' }
  | { type: 'forward.failed' }
  | { type: 'forward.ended' }
  | { type: 'timer' }
  | { type: 'reconfigure'; def: LineDef; appearances: LineAppearance[]; dialToneDetect: boolean }
  | { type: 'shutdown' }
);

export type LineEventType = LineEvent['type'];
