import type { ControlEvent, Lamp, SystemStatus } from '../control/messages.js';

type LampEntry = { line: string; lamp: Lamp };

/**
 * The board's view after one watch event: a `status` event replaces it, a `lamp` event changes one
 * appearance (`station: null` is the lamp field; `lamp: null` removes the appearance). A lamp of
 * a station the view does not know yet waits for the next `status` event. Pure.
 */
export function applyControlEvent(status: SystemStatus, event: ControlEvent): SystemStatus {
  if (event.event === 'status') return event.status;
  const { station, line, lamp } = event;
  if (station === null) return { ...status, lampField: setLamp(status.lampField, line, lamp) };
  return {
    ...status,
    stations: status.stations.map((entry) => (entry.id === station ? { ...entry, lamps: setLamp(entry.lamps, line, lamp) } : entry)),
  };
}

function setLamp(entries: readonly LampEntry[], line: string, lamp: Lamp | null): LampEntry[] {
  const others = entries.filter((entry) => entry.line !== line);
  if (lamp === null) return others;
  if (others.length === entries.length) return [...entries, { line, lamp }];
  return entries.map((entry) => (entry.line === line ? { line, lamp } : entry));
}
