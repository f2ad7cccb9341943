import type { AlertInfo, RefusalReason } from './effects.js';
import type { StationInput } from './events.js';
import type { LineContext } from './lineContext.js';
import type { LineEvent } from './lineEvents.js';
import { selectOnOffHook } from './offHookSelection.js';
import { EXCLUSIVE_HOLD_DOUBLE_PRESS } from './options.js';
import type { StationDef } from './options.js';
import type { StationEvent } from './stationMachine.js';
import type { LineStateName } from './status.js';
import type { Instant } from './time.js';

/** What the key system knows between two events, as station routing needs it. */
export interface SystemView {
  station(id: string): StationDef | undefined;
  lineIds(): Iterable<string>;
  lineState(line: string): LineStateName | undefined;
  lineContext(line: string): LineContext | undefined;
  activeAlertsOf(station: string): AlertInfo[];
  handsetUp(station: string): boolean;
}

/** One thing to do, in order: an event to a line, a refusal, or an event to the station's own actor. */
export type Command =
  | { to: 'line'; line: string; event: LineEvent }
  | { to: 'refuse'; reason: RefusalReason; line: string | null }
  | { to: 'station'; event: StationEvent };

const toLine = (line: string, event: LineEvent): Command => ({ to: 'line', line, event });

/** The commands that leave another line first (a fresh list), then the command for this line. */
const withLeave = (leave: Command[], cmd: Command): Command[] => {
  leave.push(cmd);
  return leave;
};

/** The line a station is connected to or seizing, if any: it is on at most one (sla.md §3.4, 1). */
export function activeLineOf(view: SystemView, station: string): { line: string; role: 'connected' | 'seizer' } | null {
  for (const line of view.lineIds()) {
    const call = view.lineContext(line)?.call;
    if (!call) continue;
    if (call.connected.includes(station)) return { line, role: 'connected' };
    if (call.seizer === station) return { line, role: 'seizer' };
  }
  return null;
}

/** The station's most recent hold still in place, for the exclusive double press (sla.md §8.1). */
function latestHoldOf(view: SystemView, station: string): { line: string; since: Instant; private: boolean } | null {
  let best: { line: string; since: Instant; private: boolean } | null = null;
  for (const line of view.lineIds()) {
    const h = view.lineContext(line)?.call?.holders.find((x) => x.station === station);
    if (h && (!best || h.since > best.since)) best = { line, since: h.since, private: h.private };
  }
  return best;
}

const hasAppearance = (def: StationDef, line: string) => def.appearances.some((a) => a.line === line);

/** §5.3: before acting on L, a station connected elsewhere holds that line (or leaves it). */
function leaveOtherLine(view: SystemView, def: StationDef, line: string, t: Instant): Command[] {
  const active = activeLineOf(view, def.id);
  if (!active || active.line === line) return [];
  if (active.role === 'connected' && def.options.autoHold) return [toLine(active.line, { type: 'hold', station: def.id, exclusive: false, t })];
  return [toLine(active.line, { type: 'hangup', station: def.id, t })];
}

/**
 * Turns one station event into line events, in order (sla.md §5). Station-level choices are made
 * here, once, on one consistent view: which line an off-hook takes, auto hold, the exclusive
 * double press. Everything about a single line is the line actor's decision.
 */
export function routeStationEvent(view: SystemView, ev: StationInput & { t: Instant }): Command[] {
  const def = view.station(ev.station);
  if (!def) return [];
  const t = ev.t;
  switch (ev.type) {
    case 'station.offHook': {
      const cmds: Command[] = [{ to: 'station', event: { type: 'lift' } }];
      if (activeLineOf(view, def.id) || view.handsetUp(def.id)) return cmds;
      const pick = selectOnOffHook(view, def);
      if (!pick) return [...cmds, { to: 'refuse', reason: 'no-line', line: null }];
      if (pick.alert) return [...cmds, toLine(pick.line, { type: 'answer', station: def.id, call: pick.alert, t })];
      return [...cmds, toLine(pick.line, { type: 'lineKey', station: def.id, digits: ev.digits, t })];
    }
    case 'station.onHook': {
      const active = activeLineOf(view, def.id);
      const cmds: Command[] = [{ to: 'station', event: { type: 'replace' } }];
      return active ? [...cmds, toLine(active.line, { type: 'hangup', station: def.id, t })] : cmds;
    }
    case 'station.lineKey':
      if (!hasAppearance(def, ev.line)) return [{ to: 'refuse', reason: 'no-appearance', line: ev.line }];
      return withLeave(leaveOtherLine(view, def, ev.line, t), toLine(ev.line, { type: 'lineKey', station: def.id, digits: ev.digits, t }));
    case 'station.answer': {
      if (!hasAppearance(def, ev.line)) return [{ to: 'refuse', reason: 'no-appearance', line: ev.line }];
      const call = ev.call ?? view.lineContext(ev.line)?.call?.id;
      return withLeave(leaveOtherLine(view, def, ev.line, t), toLine(ev.line, { type: 'answer', station: def.id, call, t }));
    }
    case 'station.decline':
      return [toLine(ev.line, { type: 'decline', station: def.id, call: ev.call, t })];
    case 'station.alertFailed':
      return [toLine(ev.line, { type: 'alertFailed', station: def.id, call: ev.call, t })];
    case 'station.hold':
      return routeHold(view, def, ev.line, ev.exclusive, t);
    case 'station.resume':
      return [toLine(ev.line, { type: 'resume', station: def.id, t })];
    case 'station.hangup': {
      const line = ev.line ?? activeLineOf(view, def.id)?.line;
      return line ? [toLine(line, { type: 'hangup', station: def.id, t })] : [];
    }
    case 'station.reachable': {
      const cmds: Command[] = [{ to: 'station', event: { type: 'reachable', reachable: ev.reachable } }];
      if (ev.reachable) {
        for (const line of view.lineIds()) {
          if (view.lineContext(line)?.call?.ring.has(def.id)) cmds.push(toLine(line, { type: 'reachable', station: def.id, t }));
        }
      } else {
        for (const a of view.activeAlertsOf(def.id)) cmds.push(toLine(a.line, { type: 'alertFailed', station: def.id, call: a.call, t }));
      }
      return cmds;
    }
  }
}

function routeHold(view: SystemView, def: StationDef, line: string | undefined, exclusive: boolean | undefined, t: Instant): Command[] {
  const active = activeLineOf(view, def.id);
  const target = line ?? (active?.role === 'connected' ? active.line : undefined);
  if (target && view.lineContext(target)?.call?.connected.includes(def.id)) {
    return [toLine(target, { type: 'hold', station: def.id, exclusive: !!exclusive, t })];
  }
  if (exclusive && target) return [toLine(target, { type: 'hold', station: def.id, exclusive: true, t })];
  // A simulated or panel-bound station pressing Hold again within 3 s makes its hold exclusive.
  const latest = def.kind === 'sim' && !active ? latestHoldOf(view, def.id) : null;
  if (latest && !latest.private && t - latest.since <= EXCLUSIVE_HOLD_DOUBLE_PRESS) {
    return [toLine(latest.line, { type: 'hold', station: def.id, exclusive: true, t })];
  }
  return []; // a hold with nothing to hold is ignored (§8.1)
}
