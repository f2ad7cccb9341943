import type { LineContext } from './lineContext.js';
import type { LineStateName } from './status.js';

export interface WantedAlerts {
  /** Every alert of one line is of one kind: ring while ringing, recall while recalling. */
  kind: 'ring' | 'recall';
  stations: Set<string>;
}

const NONE: WantedAlerts = { kind: 'ring', stations: new Set() };

/**
 * Which stations should be alerted for this line now (sla.md §4.3, §8.6): a pure function, like
 * the lamps, so alerts start and stop exactly when their condition turns, whatever caused it.
 * Alerted: the window is open, the station is not busy and not waiting for a retry, and (ring
 * alerts) caller ID is ready. Unreachable stations are tried and fail; they back off (S12).
 */
export function wantedAlerts(state: LineStateName, ctx: LineContext, busy: (station: string) => boolean): WantedAlerts {
  const call = ctx.call;
  if (!call) return NONE;
  let kind: WantedAlerts['kind'];
  if (state === 'ringing.active') {
    if (!call.callerIdReady) return NONE;
    kind = 'ring';
  } else if (state === 'held.recall' || state === 'held.escalated') {
    kind = 'recall';
  } else {
    return NONE;
  }
  const stations = new Set<string>();
  for (const [station, e] of call.ring) {
    if (e.window === 'open' && e.retryAt === null && !busy(station)) stations.add(station);
  }
  return { kind, stations };
}
