import type { CallerId } from './callerId.js';
import type { Lamp } from './lamp.js';
import type { Instant } from './time.js';
import type { RefusalReason } from './effects.js';

/** Line states of sla.md §3.2, as dotted names. */
export type LineStateName =
  | 'out-of-service' | 'idle' | 'ringing.active' | 'ringing.forwarding' | 'ringing.unanswered'
  | 'seizing' | 'connected' | 'held.waiting' | 'held.recall' | 'held.escalated' | 'forwarded';

export interface LineCallStatus {
  id: string;
  direction: 'in' | 'out';
  callerId: CallerId | null;
  t0: Instant;
  answeredAt: Instant | null;
  connected: string[];
  holders: Array<{ station: string; private: boolean }>;
  seizer: string | null;
}

export interface LineStatus {
  id: string;
  label: string;
  port: string;
  state: LineStateName;
  call: LineCallStatus | null;
  /** Removals or port changes a reload is holding back until this line's call ends (sla.md §11). */
  pending: string[];
  /** The port's hook as the hardware reports it; the service fills it in (the core only commands). */
  hook?: 'on' | 'off';
  /**
   * The port's last line voltage (V, signed by polarity) and loop current (mA) readings, taken
   * on-hook and off-hook (hardware.md §2.1 `line`); filled in by the service where the driver
   * reports them (e.g. the MCU board), absent otherwise. `t` on the status clock.
   */
  levels?: { [hook in 'onHook' | 'offHook']?: { t: Instant; volts?: number; milliamps?: number } };
}

export interface StationStatus {
  id: string;
  kind: 'sip' | 'sim';
  busy: boolean;
  reachable: boolean;
  handset: 'up' | 'down';
  lamps: Array<{ line: string; lamp: Lamp }>;
  alerts: Array<{ line: string; call: string; kind: 'ring' | 'recall' }>;
  lastRefusal: { reason: RefusalReason; line: string | null; t: Instant } | null;
}

/** What `keyline status` shows: one consistent snapshot taken between two events. */
export interface SystemStatus {
  t: Instant;
  lines: LineStatus[];
  stations: StationStatus[];
  /** The outsider view of every line (lamp fields, lamps.md §2). */
  lampField: Array<{ line: string; lamp: Lamp }>;
  /** The SIP side, when configured: filled in by the service (the core knows no SIP). */
  sip?: SipStatusView;
  /** Line audio, when SIP is on: who is in each line's conference, with each leg's RTP figures. */
  media?: MediaStatusView;
  /** The presence link (PUBLISH to the presence server), when configured: per line in flight, backoff, last success and error. */
  presence?: PresenceStatusView;
}

/** The upstream presence server as the publisher sees it (presence.md §3). Instants are on `t`'s clock. */
export interface PresenceStatusView {
  server: string;
  lastSuccess: Instant | null;
  lastError: { t: Instant; line: string; error: string } | null;
  lines: Array<{
    line: string; phase: 'idle' | 'published' | 'sending' | 'backoff' | 'halted'; dialogId: string | null; inFlight: boolean;
    retryIn: number | null; failures: number; lastSuccess: Instant | null; lastError: { t: Instant; error: string } | null;
  }>;
  /** The probe subscription to the site's own first line (presence.md K4); absent before remote lines existed. */
  probe?: { phase: string; lastError: { t: Instant; error: string } | null } | null;
  /** Other sites' lines shown here (issue 5): their subscription and lamp (`unknown` while it is broken). */
  remoteLines?: Array<{
    id: string; label: string; uri: string; phase: string; state: string | null; lamp: string; refused: number;
    lastError: { t: Instant; error: string } | null;
  }>;
}

/** Each line conference in use: its stations' legs (RTP counters, loss, jitter, latched address). */
export interface MediaStatusView {
  clock: { ticks: number; skipped: number; lateness: { count: number; p50: number; p99: number; max: number } };
  lines: Array<{ line: string; port: boolean; music: boolean; stations: Array<{ station: string; leg: Record<string, unknown> }> }>;
}

/** Registrations, subscriptions and call legs as `keyline status` shows them. */
export interface SipStatusView {
  listen: string;
  registrations: Array<{ station: string; contact: string; flow: { proto: string; address: string; port: number }; expiresAt: number; userAgent?: string }>;
  subscriptions: Array<{ id: string; subscriber: string | null; viewer: string | null; line: string; expiresIn: number; version: number | null; state: string }>;
  legs: Array<{ id: string; station: string; line: string | null; kind: string; state: string; held: boolean }>;
  blocked: Array<{ address: string; until: number }>;
}
