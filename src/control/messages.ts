import type { SystemStatus } from '../core/status.js';
import type { Lamp } from '../core/lamp.js';

// The CLI may import this file only (DESIGN.md layers), so the types it shows are re-exported here.
export type { SystemStatus, LineStatus, StationStatus, LineCallStatus, LineStateName } from '../core/status.js';
export type { Lamp } from '../core/lamp.js';
export type { CallerId } from '../core/callerId.js';
export type { RefusalReason } from '../core/effects.js';

/**
 * The control socket protocol: newline-delimited JSON over a Unix stream socket (mode 0660).
 * A client sends requests; the server answers each with a response of the same `id`. A `watch`
 * request is answered once and then followed by `event` messages until the client disconnects.
 * A line longer than MAX_MESSAGE_BYTES or not JSON gets an error response; the connection stays usable
 * where the framing allows it and the service keeps running.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export type SimCommand =
  | { cmd: 'sim.ring'; line: string; number?: string; name?: string; withheld?: 'P' | 'O' }
  | { cmd: 'sim.hangup'; line: string }
  | { cmd: 'sim.offhook'; station: string; digits?: string }
  | { cmd: 'sim.onhook'; station: string }
  | { cmd: 'sim.press'; station: string; line: string; digits?: string }
  | { cmd: 'sim.hold'; station: string }
  | { cmd: 'sim.answer'; station: string; line?: string }
  | { cmd: 'sim.decline'; station: string; line: string }
  | { cmd: 'sim.reachable'; station: string; reachable: boolean }
  | { cmd: 'sim.battery'; line: string; present: boolean }
  | { cmd: 'sim.panelPress'; panel: string; key: number }
  /** The far party's sound: exactly one of a tone (Hz), a WAV file on the service's host, or silence. */
  | { cmd: 'sim.play'; line: string; tone?: number; file?: string; loop?: boolean; silence?: boolean }
  /** What the far party heard (answered as `SimHeard`); `clear` empties it after answering. */
  | { cmd: 'sim.heard'; line: string; clear?: boolean }
  /** The far party sends DTMF digits down the line. */
  | { cmd: 'sim.dtmf'; line: string; digits: string };

/** The answer to `sim.heard`: 16-bit little-endian PCM at 8 kHz, base64. */
export interface SimHeard {
  line: string;
  rateHz: 8000;
  encoding: 's16le';
  samples: string;
  /** The digits keyline dialled on the line (DTMF or pulse), in order. */
  dialled: string;
}

export type ControlCommand =
  | { cmd: 'status' }
  | { cmd: 'watch' }
  | { cmd: 'calls'; limit?: number }
  | { cmd: 'reload' }
  | SimCommand;

export type ControlRequest = { id: number } & ControlCommand;

export type ControlErrorCode = 'BAD_JSON' | 'TOO_LONG' | 'BAD_REQUEST' | 'UNKNOWN_COMMAND' | 'NOT_FOUND' | 'INVALID_STATE' | 'CONFIG' | 'INTERNAL';

export type ControlResponse =
  | { id: number | null; ok: true; result: unknown }
  | { id: number | null; ok: false; error: { code: ControlErrorCode; message: string } };

/** Pushed to `watch` clients after their first response. */
export type ControlEvent =
  | { event: 'lamp'; station: string | null; line: string; lamp: Lamp | null }
  | { event: 'status'; status: SystemStatus };

/** One finished (or interrupted) line call as `keyline calls` shows it; times are wall-clock ISO strings. */
export interface CallLogEntry {
  id: string;
  line: string;
  direction: 'in' | 'out';
  callerId: { number?: string; name?: string; withheld?: 'P' | 'O' } | null;
  digits: string;
  glare: boolean;
  start: string;
  answer: string | null;
  end: string | null;
  answeredBy: string | null;
  stations: string[];
  held: string[];
  barged: string[];
  outcome: string;
}

/**
 * The result of `reload` (sla.md §11). A rejected file changes nothing: `applied: false` with its
 * errors (a service may instead answer a `CONFIG` error response; clients accept both).
 */
export interface ReloadResult {
  applied: boolean;
  /** What took effect at once, one phrase each ("line 4 added"). */
  changes: string[];
  /** Removals and port changes held back until a call ends, one phrase each. */
  pending: string[];
  /** When not applied: each error naming file:line:col and key. */
  errors: string[];
}

export type ControlMessage = ControlResponse | ControlEvent;
