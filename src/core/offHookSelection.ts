import { lampOf } from './lampFunction.js';
import type { StationDef } from './options.js';
import type { SystemView } from './stationRouting.js';

/**
 * What an off-hook takes (sla.md §5.1): an active alert first (the highest-preference one), else by
 * the station's preference: `ringing-first` answers a line ringing here, then any ringing line, then
 * seizes an idle one; `idle-only` (Asterisk's behaviour) only seizes. Null: refused `no-line`.
 */
export function selectOnOffHook(view: SystemView, def: StationDef): { line: string; alert?: string } | null {
  const order = def.appearances.map((a) => a.line);
  const alerts = view.activeAlertsOf(def.id);
  for (const line of order) {
    const alert = alerts.find((a) => a.line === line);
    if (alert) return { line, alert: alert.call };
  }
  const stateOf = (line: string) => view.lineState(line);
  if (def.options.offHookPreference === 'ringing-first') {
    for (const a of def.appearances) {
      const state = stateOf(a.line);
      const ctx = view.lineContext(a.line);
      if (state === 'ringing.active' && ctx) {
        const appearance = ctx.appearances.find((x) => x.station === def.id) ?? null;
        if (lampOf(state, ctx, appearance) === 'ringing-here') return { line: a.line };
      }
    }
    for (const line of order) if (stateOf(line)?.startsWith('ringing.')) return { line };
  }
  for (const line of order) if (stateOf(line) === 'idle') return { line };
  return null;
}
