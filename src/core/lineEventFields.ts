import type { LineEvent } from './lineEvents.js';

/** The station an event is about, or '' for port and timer events. */
export function stationOf(e: LineEvent): string {
  return 'station' in e ? e.station : '';
}

/** The call id a station event names, if it names one (an answer to a stale alert does). */
export function callOf(e: LineEvent): string | undefined {
  return 'call' in e ? e.call : undefined;
}
