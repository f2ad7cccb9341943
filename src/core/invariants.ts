import { wantedAlerts } from './alerts.js';
import type { KeySystem } from './KeySystem.js';
import { lineDeadline } from './lineDeadline.js';
import type { LineContext } from './lineContext.js';
import type { LineStateName } from './status.js';

const OFF_HOOK_STATES = new Set(['seizing.dialling', 'connected', 'held.waiting', 'held.recall', 'held.escalated', 'forwarded']);

/**
 * The invariants of sla.md §3.4 on one line, as a list of violations (empty when all hold).
 * `detail` is the state down to seizing's guard/dialling. Pure; tests run it after every step.
 */
export function lineViolations(line: string, detail: string, state: LineStateName, ctx: LineContext, busy: (s: string) => boolean): string[] {
  const out: string[] = [];
  const call = ctx.call;
  const idleLike = state === 'idle' || state === 'out-of-service';
  if (idleLike !== (call === null)) out.push(`${line}: ${state} with${call ? '' : 'out'} a call`);
  // 2. The port is off-hook exactly in seizing (after the guard), connected, held.* and forwarded.
  const wantOff = OFF_HOOK_STATES.has(detail);
  if ((ctx.portCommanded === 'off') !== wantOff) out.push(`${line}: port commanded ${ctx.portCommanded}-hook in ${detail}`);
  if (call) {
    // A call state has a healthy port: a health loss releases the call (releases skip `settling`).
    if (!ctx.portReady || !ctx.battery) out.push(`${line}: ${state} with the port ${ctx.portReady ? 'without battery' : 'not ready'}`);
    // 3. connected has a connected station; held.* has none and a holder; nobody is both.
    if (state === 'connected' && call.connected.length === 0) out.push(`${line}: connected with nobody connected`);
    if (state.startsWith('held.') && (call.connected.length > 0 || call.holders.length === 0)) {
      out.push(`${line}: ${state} with connected [${call.connected.join()}] holders [${call.holders.map((h) => h.station).join()}]`);
    }
    if (!['connected', 'forwarded'].includes(state) && !state.startsWith('held.') && call.connected.length > 0) {
      out.push(`${line}: stations connected in ${state}`);
    }
    for (const h of call.holders) if (call.connected.includes(h.station)) out.push(`${line}: ${h.station} both connected and holding`);
    if (new Set(call.connected).size !== call.connected.length) out.push(`${line}: a station connected twice`);
  }
  // 4. Alerts only while ringing or recalling, never for a busy station.
  const alerts = wantedAlerts(state, ctx, busy).stations;
  if (alerts.size > 0 && !['ringing.active', 'held.recall', 'held.escalated'].includes(state)) out.push(`${line}: alerts in ${state}`);
  for (const s of alerts) if (busy(s)) out.push(`${line}: busy ${s} alerted`);
  // 5. An idle or out-of-service line owns no timer.
  if (idleLike && lineDeadline(detail, ctx) !== null) out.push(`${line}: ${state} owns a timer`);
  return out;
}

/** Every invariant over the whole key system, including sla.md §3.4, 1: one line per station. */
export function systemViolations(ks: KeySystem): string[] {
  const out: string[] = [];
  const onLine = new Map<string, string>();
  for (const line of ks.lineIds()) {
    const ctx = ks.lineContext(line);
    const state = ks.lineState(line);
    if (!ctx || !state) continue;
    out.push(...lineViolations(line, ks.lineDetail(line) ?? state, state, ctx, (s) => ks.isBusy(s)));
    for (const s of ctx.call?.connected ?? []) {
      const other = onLine.get(s);
      if (other) out.push(`${s} connected to ${other} and ${line}`);
      onLine.set(s, line);
    }
    if (['idle', 'out-of-service'].includes(state) && ks.timerOf(line) !== null) out.push(`${line}: timer left running while ${state}`);
  }
  for (const a of [...ks.stationIds()].flatMap((s) => ks.activeAlertsOf(s))) {
    if (ks.isBusy(a.station)) out.push(`alert to busy station ${a.station} on ${a.line}`);
  }
  return out;
}
