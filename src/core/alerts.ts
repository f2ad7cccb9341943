import type { LineContext, RingEntry } from './lineContext.js';
import type { LineStateName } from './status.js';

export type AlertKind = 'ring' | 'recall';

export interface WantedAlerts {
  /** Every alert of one line is of one kind: ring while ringing, recall while recalling. */
  kind: AlertKind;
  stations: Set<string>;
}

const NONE: WantedAlerts = { kind: 'ring', stations: new Set() };

/**
 * The kind of alert a line in this state gives, or null when it alerts nobody: ring alerts while
 * ringing once caller ID is ready, recall alerts while recalling (sla.md §4.3, §8.6).
 */
export function alertKind(state: LineStateName, ctx: LineContext): AlertKind | null {
  const call = ctx.call;
  if (!call) return null;
  if (state === 'ringing.active') return call.callerIdReady ? 'ring' : null;
  if (state === 'held.recall' || state === 'held.escalated') return 'recall';
  return null;
}

/** An entry that wants its station alerted, busy aside: the window is open and no retry is awaited. */
export function entryAlerts(e: RingEntry): boolean {
  return e.window === 'open' && e.retryAt === null;
}

/**
 * Which stations should be alerted for this line now (sla.md §4.3, §8.6): a pure function, like
 * the lamps, so alerts start and stop exactly when their condition turns, whatever caused it.
 * Alerted: the window is open, the station is not busy and not waiting for a retry, and (ring
 * alerts) caller ID is ready. Unreachable stations are tried and fail; they back off (S12).
 */
export function wantedAlerts(state: LineStateName, ctx: LineContext, busy: (station: string) => boolean): WantedAlerts {
  const kind = alertKind(state, ctx);
  const call = ctx.call;
  if (kind === null || !call) return NONE;
  const stations = new Set<string>();
  for (const [station, e] of call.ring) {
    if (entryAlerts(e) && !busy(station)) stations.add(station);
  }
  return { kind, stations };
}
