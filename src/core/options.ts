import type { Ms } from './time.js';

/**
 * Resolved options (sla.md §2): every default applied, durations in milliseconds, 0 = none/off.
 * The configuration loader produces these; the core never sees a missing option.
 */

export type HoldKind = 'open' | 'private';
export type NoAnswer = { kind: 'none' } | { kind: 'forward'; target: string };

export interface LineOptions {
  barge: boolean;
  joinTone: boolean;
  maxConnected: number;
  hold: HoldKind;
  ringTimeout: Ms;
  noAnswer: NoAnswer;
  callerId: boolean;
  callerIdWait: Ms;
  musicOnHold: string;
  holdRecall: Ms;
  privateHoldRecall: Ms;
  recallTimeout: Ms;
  holdDropAfter: Ms;
  seizeTimeout: Ms;
  onHookGuard: Ms;
}

export type StationKind = 'sip' | 'sim';
export type OffHookPreference = 'ringing-first' | 'idle-only';

export interface StationOptions {
  ringDelay: Ms;
  ringTimeout: Ms;
  hold: HoldKind;
  offHookPreference: OffHookPreference;
  autoHold: boolean;
}

/** One appearance (station, line), resolved (sla.md §2.3, §4.2). */
export interface AppearanceDef {
  line: string;
  /** false: lamp only, never alerted for this line. */
  ring: boolean;
  /** The appearance's ring delay, else the station's. */
  ringDelay: Ms;
  /** The appearance's own ring timeout, counted from t0; 0 = use `stationRingTimeout`. */
  ringTimeout: Ms;
  /** The station's ring timeout, counted from the window opening; 0 = none. */
  stationRingTimeout: Ms;
}

export interface GeneralOptions {
  alertRetryMin: Ms;
  alertRetryMax: Ms;
  alertStartTimeout: Ms;
}

export interface LineDef {
  id: string;
  label: string;
  port: string;
  options: LineOptions;
}

export interface StationDef {
  id: string;
  kind: StationKind;
  options: StationOptions;
  /** In preference order, most preferred first. */
  appearances: AppearanceDef[];
}

/** Everything the core needs to run a site. */
export interface SystemDef {
  general: GeneralOptions;
  lines: LineDef[];
  stations: StationDef[];
}

export const DEFAULT_LINE_OPTIONS: LineOptions = {
  barge: true,
  joinTone: true,
  maxConnected: 4,
  hold: 'open',
  ringTimeout: 0,
  noAnswer: { kind: 'none' },
  callerId: true,
  callerIdWait: 4000,
  musicOnHold: 'default',
  holdRecall: 60_000,
  privateHoldRecall: 90_000,
  recallTimeout: 30_000,
  holdDropAfter: 1_800_000,
  seizeTimeout: 3000,
  onHookGuard: 1000,
};

export const DEFAULT_STATION_OPTIONS: StationOptions = {
  ringDelay: 0,
  ringTimeout: 0,
  hold: 'open',
  offHookPreference: 'ringing-first',
  autoHold: true,
};

export const DEFAULT_GENERAL_OPTIONS: GeneralOptions = {
  alertRetryMin: 2000,
  alertRetryMax: 16_000,
  alertStartTimeout: 4000,
};

/** Constants of sla.md §2.4. */
export const ANSWER_RACE_WINDOW: Ms = 1000;
export const EXCLUSIVE_HOLD_DOUBLE_PRESS: Ms = 3000;
