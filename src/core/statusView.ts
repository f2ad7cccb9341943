import { lampOf } from './lampFunction.js';
import type { KeySystem } from './KeySystem.js';
import type { LineStatus, StationStatus, SystemStatus } from './status.js';
import type { Instant } from './time.js';

/** One consistent snapshot of every line, station and lamp, taken between two events. */
export function buildStatus(ks: KeySystem, t: Instant, pending: readonly string[]): SystemStatus {
  const lines: LineStatus[] = [];
  const lampField: SystemStatus['lampField'] = [];
  const lampsByStation = new Map<string, StationStatus['lamps']>();
  for (const id of ks.lineIds()) {
    const ctx = ks.lineContext(id);
    const def = ks.lineDef(id);
    const state = ks.lineState(id);
    if (!ctx || !def || !state) continue;
    const call = ctx.call;
    lines.push({
      id, label: def.label, port: def.port, state,
      call: call && {
        id: call.id, direction: call.direction, callerId: call.callerId, t0: call.t0, answeredAt: call.answeredAt,
        connected: [...call.connected], holders: call.holders.map((h) => ({ station: h.station, private: h.private })), seizer: call.seizer,
      },
      pending: pending.filter((p) => p.startsWith(`line ${id}:`)),
    });
    for (const a of ctx.appearances) {
      const list = lampsByStation.get(a.station) ?? [];
      list.push({ line: id, lamp: lampOf(state, ctx, a) });
      lampsByStation.set(a.station, list);
    }
    lampField.push({ line: id, lamp: lampOf(state, ctx, null) });
  }
  const stations: StationStatus[] = [];
  for (const id of ks.stationIds()) {
    const def = ks.station(id);
    if (!def) continue;
    const order = def.appearances.map((a) => a.line);
    const lamps = (lampsByStation.get(id) ?? []).sort((a, b) => order.indexOf(a.line) - order.indexOf(b.line));
    stations.push({
      id, kind: def.kind, busy: ks.isBusy(id), reachable: ks.reachable(id), handset: ks.handsetUp(id) ? 'up' : 'down',
      lamps,
      alerts: ks.activeAlertsOf(id).map((a) => ({ line: a.line, call: a.call, kind: a.kind })),
      lastRefusal: ks.lastRefusal(id),
    });
  }


  return { t, lines, stations, lampField };
}
