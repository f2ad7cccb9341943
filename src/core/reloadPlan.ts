import type { LineAppearance, LineCall, LineContext } from './lineContext.js';
import type { LineDef, StationDef, SystemDef } from './options.js';
import type { LineStateName } from './status.js';

export interface ReloadView {
  stationIds(): Iterable<string>;
  station(id: string): StationDef | undefined;
  lineIds(): Iterable<string>;
  lineDef(id: string): LineDef | undefined;
  lineState(id: string): LineStateName | undefined;
  lineContext(id: string): LineContext | undefined;
}

export interface ReloadResult {
  /** What changed now, one line each, for the operator. */
  applied: string[];
  /** What waits for a call to end (sla.md §11). */
  pending: string[];
}

export interface ReloadPlan extends ReloadResult {
  removeStations: string[];
  upsertStations: StationDef[];
  removeLines: string[];
  upsertLines: LineDef[];
  /** Appearances whose removal waits: they stay on their line until its call ends. */
  keepAppearances: Record<string, LineAppearance[]>;
}

function takesPart(call: LineCall | null | undefined, station: string): boolean {
  return !!call && (call.connected.includes(station) || call.seizer === station || call.holders.some((h) => h.station === station));
}

const idleLike = (s: LineStateName | undefined) => s === undefined || s === 'idle' || s === 'out-of-service';

/**
 * What a reload does now and what it defers (sla.md §11): options take their new values (a call in
 * progress keeps its snapshot); additions take effect at once; removing a station, a line or an
 * appearance, or changing a line's port, waits while it takes part in a line call. An appearance
 * that is only being alerted goes at once. Pure: the key system applies the plan.
 */
export function planReload(view: ReloadView, target: SystemDef): ReloadPlan {
  const plan: ReloadPlan = {
    applied: [], pending: [], removeStations: [], upsertStations: [], removeLines: [], upsertLines: [], keepAppearances: {},
  };
  const targetStations = new Map(target.stations.map((s) => [s.id, s]));
  const targetLines = new Map(target.lines.map((l) => [l.id, l]));
  const calls = new Map<string, LineCall | null>();
  for (const id of view.lineIds()) calls.set(id, view.lineContext(id)?.call ?? null);
  const keep = (line: string, a: LineAppearance) => (plan.keepAppearances[line] ??= []).push(a);

  for (const id of view.stationIds()) {
    const cur = view.station(id);
    if (!cur || targetStations.has(id)) continue;
    const busyOn = [...calls].filter(([, c]) => takesPart(c, id)).map(([l]) => l);
    if (busyOn.length === 0) {
      plan.removeStations.push(id);
      plan.applied.push(`station ${id}: removed`);
    } else {
      plan.upsertStations.push({ ...cur, appearances: cur.appearances.filter((a) => takesPart(calls.get(a.line), id)) });
      plan.pending.push(`station ${id}: removal waits for the call on ${busyOn.join(', ')}`);
    }
  }
  for (const s of target.stations) {
    const cur = view.station(s.id);
    plan.upsertStations.push(s);
    if (!cur) {
      plan.applied.push(`station ${s.id}: added`);
      continue;
    }
    for (const old of cur.appearances) {
      if (s.appearances.some((a) => a.line === old.line)) continue;
      if (takesPart(calls.get(old.line), s.id)) {
        keep(old.line, { ...old, station: s.id, stationHold: cur.options.hold });
        plan.pending.push(`station ${s.id}: appearance of ${old.line} goes when its call ends`);
      }
    }
    if (JSON.stringify(cur) !== JSON.stringify(s)) plan.applied.push(`station ${s.id}: updated`);
  }

  for (const id of view.lineIds()) {
    if (targetLines.has(id)) continue;
    if (idleLike(view.lineState(id))) {
      plan.removeLines.push(id);
      plan.applied.push(`line ${id}: removed`);
    } else {
      const cur = view.lineDef(id);
      if (cur) plan.upsertLines.push(cur);
      plan.pending.push(`line ${id}: removal waits for its call to end`);
    }
  }
  for (const l of target.lines) {
    const cur = view.lineDef(l.id);
    if (!cur) {
      plan.upsertLines.push(l);
      plan.applied.push(`line ${l.id}: added`);
      continue;
    }
    if (cur.port !== l.port && !idleLike(view.lineState(l.id))) {
      plan.upsertLines.push({ ...l, port: cur.port });
      plan.pending.push(`line ${l.id}: port change to ${l.port} waits for its call to end`);
    } else {
      plan.upsertLines.push(l);
      if (JSON.stringify(cur) !== JSON.stringify(l)) plan.applied.push(`line ${l.id}: updated`);
    }
  }
  return plan;
}
