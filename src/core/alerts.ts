import type { LineContext } from './lineContext.js';
import type { LineStateName } from './status.js';

export interface WantedAlert {
  station: string;
  kind: 'ring' | 'recall';
}

/**
 * Which stations should be alerted for this line now (sla.md §4.3, §8.6): a pure function, like
 * the lamps, so alerts start and stop exactly when their condition turns, whatever caused it.
 * Alerted: the window is open, the station is not busy and not waiting for a retry, and (ring
 * alerts) caller ID is ready. Unreachable stations are tried and fail; they back off (S12).
 */
export function wantedAlerts(state: LineStateName, ctx: LineContext, busy: (station: string) => boolean): WantedAlert[] {
  const call = ctx.call;
  if (!call) return [];
  let kind: WantedAlert['kind'];
  if (state === 'ringing.active') {
    if (!call.callerIdReady) return [];
    kind = 'ring';
  } else if (state === 'held.recall' || state === 'held.escalated') {
    kind = 'recall';
  } else {
    return [];
  }
  const out: WantedAlert[] = [];
  for (const [station, e] of Object.entries(call.ring)) {
    if (e.window === 'open' && e.retryAt === null && !busy(station)) out.push({ station, kind });
  }
  return out;
}
