import { createActor } from 'xstate';
import type { Actor } from 'xstate';
import { alertKind, entryAlerts } from './alerts.js';
import type { AlertInfo, KeySystemEffects, RefusalReason } from './effects.js';
import type { CoreEvent, StationInput } from './events.js';
import { lampOf, uniformLamp } from './lampFunction.js';
import type { Lamp } from './lamp.js';
import type { LineAppearance, LineContext } from './lineContext.js';
import { lineDeadline } from './lineDeadline.js';
import type { Deadline } from './lineDeadline.js';
import type { LineEvent } from './lineEvents.js';
import { lineMachine } from './lineMachine.js';
import type { LineMachine } from './lineMachine.js';
import { lineStateDetail, lineStateName } from './lineState.js';
import type { LineSnapshot } from './lineState.js';
import type { AppearanceDef, GeneralOptions, LineDef, StationDef, SystemDef } from './options.js';
import { planReload } from './reloadPlan.js';
import type { ReloadResult } from './reloadPlan.js';
import { stationMachine } from './stationMachine.js';
import { routeStationEvent } from './stationRouting.js';
import type { Command, SystemView } from './stationRouting.js';
import { buildStatus } from './statusView.js';
import type { SystemStatus } from './status.js';
import type { CoreClock, Instant } from './time.js';

export interface PortState {
  /** The port reports CO dial tone (else its off-hook confirmation completes a seizure). */
  dialToneDetect: boolean;
  ready: boolean;
  battery: boolean;
}

export interface KeySystemOptions {
  system: SystemDef;
  clock: CoreClock;
  effects: KeySystemEffects;
  /** Port state per line id at start; a line not listed starts with a ready port that detects dial tone. */
  ports?: Record<string, PortState>;
  /** Last used call sequence per line (persisted): call ids are never reused (sla.md §1). */
  seq?: Record<string, number>;
}

interface LineEntry {
  def: LineDef;
  actor: Actor<LineMachine>;
  /** The snapshot whose lamps were last announced: lamps are diffed, never stored (lamps.md §2). */
  shown: LineSnapshot;
  timer: { handle: unknown; deadline: Deadline } | null;
}

interface StationEntry {
  def: StationDef;
  actor: Actor<typeof stationMachine>;
}

const DEFAULT_PORT: PortState = { dialToneDetect: true, ready: true, battery: true };

/**
 * One appearance as a line sees it. Built as a fixed literal, not by spreading: V8 gave the spread
 * copies of 32 000 appearances a slow shape, and every ring read 500 of them (bench/RESULTS.md).
 */
function lineAppearance(a: AppearanceDef, s: StationDef): LineAppearance {
  return {
    line: a.line, ring: a.ring, ringDelay: a.ringDelay, ringTimeout: a.ringTimeout, stationRingTimeout: a.stationRingTimeout,
    station: s.id, stationHold: s.options.hold,
  };
}

/** The appearances of one line, built from the stations' definitions. */
export function appearancesOf(line: string, stations: Iterable<StationDef>): LineAppearance[] {
  const out: LineAppearance[] = [];
  for (const s of stations) {
    const a = s.appearances.find((x) => x.line === line);
    if (a) out.push(lineAppearance(a, s));
  }
  return out;
}

/** Every line's appearances in one pass over the stations. */
function appearancesByLine(stations: readonly StationDef[]): Map<string, LineAppearance[]> {
  const out = new Map<string, LineAppearance[]>();
  for (const s of stations) {
    for (const a of s.appearances) {
      let list = out.get(a.line);
      if (!list) out.set(a.line, (list = []));
      list.push(lineAppearance(a, s));
    }
  }
  return out;
}

/**
 * The key system: one actor per line, a small actor per station for what no line holds, and the
 * pure projections (lamps, alerts) fanned out to stations after every step (DESIGN.md).
 *
 * One event at a time is handled to completion (sla.md §3.1): timers due at or before an event's
 * instant fire first; within a step the effects come out in the order alerts stopped, the lines'
 * own effects, alerts started, lamps changed. Effects that feed events back are queued.
 */
export class KeySystem implements SystemView {
  private readonly clock: CoreClock;
  private readonly fx: KeySystemEffects;
  private general: GeneralOptions;
  private readonly lines = new Map<string, LineEntry>();
  private readonly stations = new Map<string, StationEntry>();
  /** Alerts started and not stopped, by line then station: what the stations are really alerted for. */
  private readonly alerts = new Map<string, Map<string, AlertInfo>>();
  /** Simulated stations with the handset up, mirrored from their actors after each station event. */
  private readonly handsetsUp = new Set<string>();
  /** Busy stations as of the end of the last step: the next step compares against it. */
  private busyNow = new Set<string>();
  private readonly ports = new Map<string, PortState>();
  private lineEffects: Array<() => void> = [];
  private readonly queue: Array<() => void> = [];
  private busy = false;
  private stepT: Instant = 0;
  private target: SystemDef;
  private pending: string[] = [];
  private reconciling = false;
  private readonly stepListeners = new Set<() => void>();
  private readonly machine: LineMachine;

  constructor(opts: KeySystemOptions) {
    this.clock = opts.clock;
    this.fx = opts.effects;
    this.general = opts.system.general;
    this.target = opts.system;
    this.machine = this.provideEffects();
    for (const [line, p] of Object.entries(opts.ports ?? {})) this.ports.set(line, p);
    for (const s of opts.system.stations) this.addStation(s);
    const byLine = appearancesByLine(opts.system.stations);
    for (const l of opts.system.lines) this.addLine(l, opts.seq?.[l.id] ?? 0, this.clock.now(), byLine.get(l.id) ?? []);
  }

  /** Announces every lamp in full (start-up resync, sla.md §12): every appearance and the outsider view. */
  start(): void {
    for (const [id, e] of this.lines) {
      const ctx = e.shown.context;
      const state = lineStateName(e.shown);
      for (const a of ctx.appearances) this.fx.lamp({ station: a.station, line: id, lamp: lampOf(state, ctx, a) });
      this.fx.lamp({ station: null, line: id, lamp: lampOf(state, ctx, null) });
    }
  }

  /** Handles one event to completion. Calls made from inside an effect are queued, not nested. */
  dispatch(ev: CoreEvent): void {
    this.enqueue(() => {
      // Sources stamp events at the source; one stamped a little before the last step is taken
      // as happening now, so time never runs backwards inside the core.
      const e = ev.t < this.stepT ? { ...ev, t: this.stepT } : ev;
      this.runDueTimers(e.t);
      this.step(e.t, () => this.route(e));
    });
  }

  /** Ends every call (outcome `interrupted`) on shutdown; the composition root then puts ports on-hook. */
  shutdown(t: Instant): void {
    this.enqueue(() => {
      for (const id of this.lines.keys()) this.step(t, () => this.sendLine(id, { type: 'shutdown', t }));
      for (const e of this.lines.values()) this.cancelTimer(e);
    });
  }

  /** Applies a new configuration between two events (sla.md §11); the parts still in use wait. */
  reload(system: SystemDef, t: Instant): ReloadResult {
    this.target = system;
    let result: ReloadResult = { applied: [], pending: [] };
    this.enqueue(() => this.step(t, () => { result = this.reconcile(t); }));
    return result;
  }

  /** Called after every step (an event or a timer): status watchers refresh from it. */
  onStep(listener: () => void): () => void {
    this.stepListeners.add(listener);
    return () => this.stepListeners.delete(listener);
  }

  status(): SystemStatus {
    return buildStatus(this, this.clock.now(), this.pending);
  }

  /** The lamp of an appearance now (`station: null`: the outsider view); null if no such appearance. */
  lamp(station: string | null, line: string): Lamp | null {
    const e = this.lines.get(line);
    if (!e) return null;
    const ctx = e.actor.getSnapshot().context;
    const a = station === null ? null : ctx.appearances.find((x) => x.station === station);
    if (a === undefined) return null;
    return lampOf(lineStateName(e.actor.getSnapshot()), ctx, a);
  }

  // ---- SystemView ----------------------------------------------------------------------------
  station(id: string): StationDef | undefined {
    return this.stations.get(id)?.def;
  }
  stationIds(): Iterable<string> {
    return this.stations.keys();
  }
  lineIds(): Iterable<string> {
    return this.lines.keys();
  }
  lineDef(line: string): LineDef | undefined {
    return this.lines.get(line)?.def;
  }
  lineState(line: string) {
    const e = this.lines.get(line);
    return e ? lineStateName(e.actor.getSnapshot()) : undefined;
  }
  /** The state down to seizing's guard/dialling (tests, invariants). */
  lineDetail(line: string): string | undefined {
    const e = this.lines.get(line);
    return e ? lineStateDetail(e.actor.getSnapshot()) : undefined;
  }
  lineContext(line: string): LineContext | undefined {
    return this.lines.get(line)?.actor.getSnapshot().context;
  }
  activeAlertsOf(station: string): AlertInfo[] {
    const out: AlertInfo[] = [];
    for (const byLine of this.alerts.values()) {
      const a = byLine.get(station);
      if (a) out.push(a);
    }
    return out;
  }
  handsetUp(station: string): boolean {
    return this.stations.get(station)?.actor.getSnapshot().matches({ handset: 'up' }) ?? false;
  }
  reachable(station: string): boolean {
    return this.stations.get(station)?.actor.getSnapshot().matches({ reach: 'reachable' }) ?? false;
  }
  lastRefusal(station: string) {
    return this.stations.get(station)?.actor.getSnapshot().context.lastRefusal ?? null;
  }
  isBusy(station: string): boolean {
    return this.busyStations().has(station);
  }
  /** The instant of a line's scheduled timer, if any: tests check no idle line owns one. */
  timerOf(line: string): Instant | null {
    return this.lines.get(line)?.timer?.deadline.t ?? null;
  }

  // ---- stepping ------------------------------------------------------------------------------
  private enqueue(job: () => void): void {
    this.queue.push(job);
    if (this.busy) return;
    this.busy = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) next();
    } finally {
      this.busy = false;
    }
  }

  private route(ev: CoreEvent): void {
    if (isStationEvent(ev)) {
      const cmds = routeStationEvent(this, ev);
      for (const c of cmds) this.apply(ev.station, c, ev.t);
      return;
    }
    // Port and forward events name their line; the line actor gets the event as it is (the line
    // machine reads no `line` field), not a copy less `line`: one allocation fewer per ring.
    this.sendLine(ev.line, ev);
  }

  private apply(station: string, c: Command, t: Instant): void {
    if (c.to === 'line') this.sendLine(c.line, c.event);
    else if (c.to === 'station') {
      const actor = this.stations.get(station)?.actor;
      if (!actor) return;
      actor.send(c.event);
      if (actor.getSnapshot().matches({ handset: 'up' })) this.handsetsUp.add(station);
      else this.handsetsUp.delete(station);
    }
    else this.refused(station, c.reason, c.line, t);
  }

  private sendLine(line: string, ev: LineEvent): void {
    const e = this.lines.get(line);
    if (!e) {
      this.fx.note({ line, event: 'unknown-line', detail: ev.type });
      return;
    }
    e.actor.send(ev);
  }

  private refused(station: string, reason: RefusalReason, line: string | null, t: Instant): void {
    this.lineEffects.push(() => {
      this.stations.get(station)?.actor.send({ type: 'refused', reason, line, t });
      this.fx.refuse(station, reason, line);
    });
  }

  /** Runs one step and announces what it changed. */
  private step(t: Instant, body: () => void): void {
    this.stepT = t;
    const busyBefore = this.busyNow;
    this.lineEffects = [];
    body();
    const effects = this.lineEffects;
    this.lineEffects = [];
    const busyAfter = this.busyStations();
    this.busyNow = busyAfter;
    const busyChanged = !sameSet(busyBefore, busyAfter);
    // Lines are walked by value (the id is in the entry): iterating the map's entries made a pair per line per step.
    const dirty: string[] = [];
    for (const e of this.lines.values()) if (e.actor.getSnapshot() !== e.shown) dirty.push(e.def.id);
    const alertLines = dirty.slice();
    if (busyChanged) for (const e of this.lines.values()) if (isAlerting(e.actor.getSnapshot()) && !alertLines.includes(e.def.id)) alertLines.push(e.def.id);
    for (const line of this.alerts.keys()) if (!this.lines.has(line)) alertLines.push(line);
    const stops: AlertInfo[] = [];
    const starts: AlertInfo[] = [];
    this.diffAlerts(alertLines, busyAfter, stops, starts);
    for (const a of stops) this.fx.alertStop(a);
    for (const f of effects) f();
    for (const a of starts) this.fx.alertStart(a);
    for (const id of dirty) this.announceLamps(id);
    for (const id of dirty) this.schedule(id);
    for (const l of this.stepListeners) l();
    if (this.pending.length > 0 && !this.reconciling) {
      const next = planReload(this, this.target);
      if (next.pending.join('\n') !== this.pending.join('\n')) this.queue.push(() => this.reconcileStep(t));
    }
  }

  /** Completes what a reload deferred, as a step of its own, once the calls holding it back ended. */
  private reconcileStep(t: Instant): void {
    this.reconciling = true;
    try {
      this.step(t, () => {
        const done = this.pending.filter((p) => !planReload(this, this.target).pending.includes(p));
        this.reconcile(t);
        for (const d of done) this.fx.note({ event: 'reload-completed', detail: d });
      });
    } finally {
      this.reconciling = false;
    }
  }

  private busyStations(): Set<string> {
    const busy = new Set<string>();
    for (const e of this.lines.values()) {
      const call = e.actor.getSnapshot().context.call;
      if (!call) continue;
      for (const s of call.connected) busy.add(s);
      if (call.seizer) busy.add(call.seizer);
    }
    for (const id of this.handsetsUp) busy.add(id);
    return busy;
  }

  /**
   * Stops the alerts these lines no longer want and starts the ones they want now (alerts.ts),
   * straight from each line's ring entries: no set of wanted stations is built per step.
   */
  private diffAlerts(lines: Iterable<string>, busy: Set<string>, stops: AlertInfo[], starts: AlertInfo[]): void {
    for (const line of lines) {
      const snap = this.lines.get(line)?.actor.getSnapshot();
      const ctx = snap?.context;
      const call = ctx?.call ?? null;
      const kind = snap && ctx ? alertKind(lineStateName(snap), ctx) : null;
      let active = this.alerts.get(line);
      if (active && kind === null) {
        // The line alerts nobody any more (answered, released, gone): all stop, the index goes whole.
        for (const a of active.values()) stops.push(a);
        this.alerts.delete(line);
        active = undefined;
      } else if (active) {
        for (const [station, a] of active) {
          const e = kind !== null && call ? call.ring.get(station) : undefined;
          if (e && entryAlerts(e) && !busy.has(station) && a.kind === kind && a.call === call?.id) continue;
          stops.push(a);
          active.delete(station);
        }
      }
      if (kind !== null && ctx && call) {
        const callerId = call.opts.callerId ? call.callerId : null;
        for (const [station, e] of call.ring) {
          if (!entryAlerts(e) || busy.has(station) || active?.has(station)) continue;
          const a: AlertInfo = { station, line, call: call.id, kind, callerId, label: ctx.def.label };
          if (!active) this.alerts.set(line, (active = new Map()));
          active.set(station, a);
          starts.push(a);
        }
      }
      if (active && active.size === 0) this.alerts.delete(line);
    }
  }

  private announceLamps(line: string): void {
    const e = this.lines.get(line);
    if (!e) return;
    const before = e.shown;
    const after = e.actor.getSnapshot();
    e.shown = after;
    const s0 = lineStateName(before);
    const s1 = lineStateName(after);
    if (before.context.appearances === after.context.appearances) {
      // The usual case: same appearances, so compare position by position without a lookup. A
      // side whose state shows one lamp everywhere (idle, say) is not asked station by station.
      const u0 = uniformLamp(s0);
      const u1 = uniformLamp(s1);
      if (u0 === null || u0 !== u1) {
        for (const a of after.context.appearances) {
          const was = u0 ?? lampOf(s0, before.context, a);
          const now = u1 ?? lampOf(s1, after.context, a);
          if (was !== now) this.fx.lamp({ station: a.station, line, lamp: now });
        }
      }
    } else this.diffChangedAppearances(line, before, after);
    const out0 = lampOf(s0, before.context, null);
    const out1 = lampOf(s1, after.context, null);
    if (out0 !== out1) this.fx.lamp({ station: null, line, lamp: out1 });
  }

  /** Lamp diff across a reload that added or removed appearances of this line. */
  private diffChangedAppearances(line: string, before: LineSnapshot, after: LineSnapshot): void {
    const s0 = lineStateName(before);
    const s1 = lineStateName(after);
    const apps0 = new Map(before.context.appearances.map((a) => [a.station, a]));
    for (const a of after.context.appearances) {
      const old = apps0.get(a.station);
      apps0.delete(a.station);
      const was = old ? lampOf(s0, before.context, old) : null;
      const now = lampOf(s1, after.context, a);
      if (was !== now) this.fx.lamp({ station: a.station, line, lamp: now });
    }
    for (const gone of apps0.keys()) this.fx.lamp({ station: gone, line, lamp: null });
  }

  // ---- timers --------------------------------------------------------------------------------
  private schedule(line: string): void {
    const e = this.lines.get(line);
    if (!e) return;
    const snap = e.actor.getSnapshot();
    const d = lineDeadline(lineStateDetail(snap), snap.context);
    if (e.timer && d && e.timer.deadline.t === d.t && e.timer.deadline.ends === d.ends) return;
    this.cancelTimer(e);
    if (!d) return;
    const handle = this.clock.setTimeout(() => this.enqueue(() => this.runDueTimers(this.clock.now())), d.t - this.clock.now());
    e.timer = { handle, deadline: d };
  }

  private cancelTimer(e: LineEntry): void {
    if (e.timer) this.clock.clearTimeout(e.timer.handle);
    e.timer = null;
  }

  /** Fires every line timer due at or before `now`, earliest first, ending ones first at one instant. */
  private runDueTimers(now: Instant): void {
    for (;;) {
      let next: LineEntry | null = null;
      for (const entry of this.lines.values()) {
        const d = entry.timer?.deadline;
        if (!d || d.t > now) continue;
        const best = next?.timer?.deadline;
        if (!best || d.t < best.t || (d.t === best.t && d.ends && !best.ends)) next = entry;
      }
      if (!next) return;
      const e = next;
      const id = e.def.id;
      const t = e.timer?.deadline.t ?? now;
      this.cancelTimer(e);
      this.step(t, () => this.sendLine(id, { type: 'timer', t }));
    }
  }

  // ---- construction and reload ---------------------------------------------------------------
  private provideEffects(): LineMachine {
    const fx = this.fx;
    const later = (f: () => void) => this.lineEffects.push(f);
    return lineMachine.provide({
      actions: {
        portOffHook: (_, p) => later(() => fx.portOffHook(p.line)),
        portOnHook: (_, p) => later(() => fx.portOnHook(p.line)),
        portDial: (_, p) => later(() => fx.portDial(p.line, p.digits)),
        audioConnect: (_, p) => later(() => fx.audioConnect(p.station, p.line)),
        audioDisconnect: (_, p) => later(() => fx.audioDisconnect(p.station, p.line)),
        legEnd: (_, p) => later(() => fx.legEnd(p.station, p.line)),
        refuse: (_, p) => this.refused(p.station, p.reason, p.line, this.stepT),
        toneJoin: (_, p) => later(() => fx.toneJoin(p.line)),
        mohStart: (_, p) => later(() => fx.mohStart(p.line, p.source)),
        mohStop: (_, p) => later(() => fx.mohStop(p.line)),
        forwardStart: (_, p) => later(() => fx.forwardStart(p.line, p.target, p.callerId)),
        forwardEnd: (_, p) => later(() => fx.forwardEnd(p.line)),
        callStarted: (_, p) => later(() => fx.callStarted(p.record)),
        callEnded: (_, p) => later(() => fx.callEnded(p.record)),
        note: (_, p) => later(() => fx.note(p)),
      },
    }) as LineMachine;
  }

  private addStation(def: StationDef): void {
    const actor = createActor(stationMachine, { input: { id: def.id, kind: def.kind, reachable: def.kind === 'sim' } });
    actor.start();
    this.stations.set(def.id, { def, actor });
  }

  private addLine(def: LineDef, seq: number, t: Instant, appearances?: LineAppearance[]): void {
    const port = this.ports.get(def.id) ?? DEFAULT_PORT;
    const actor = createActor(this.machine, {
      input: {
        def, general: this.general, seq, dialToneDetect: port.dialToneDetect, portReady: port.ready, battery: port.battery,
        appearances: appearances ?? appearancesOf(def.id, [...this.stations.values()].map((s) => s.def)),
        // Every port is put on-hook at start, so the guard runs from now (sla.md §12).
        onHookAt: t,
      },
    });
    actor.subscribe({ error: (err) => this.actorFailed(def.id, err) });
    actor.start();
    // A new line starts from an empty view so that its first announcement carries every lamp.
    this.lines.set(def.id, { def, actor, shown: actor.getSnapshot(), timer: null });
  }

  /** A failing line actor is logged, its port put on-hook, and the line restarted out of service (DESIGN.md). */
  private actorFailed(line: string, err: unknown): void {
    const e = this.lines.get(line);
    if (!e) return;
    this.fx.note({ line, event: 'actor-failed', detail: err instanceof Error ? err.message : String(err) });
    this.fx.portOnHook(line);
    this.cancelTimer(e);
    const seq = e.shown.context.seq;
    this.ports.set(line, { ...(this.ports.get(line) ?? DEFAULT_PORT), ready: false });
    this.lines.delete(line);
    this.addLine(e.def, seq + 1, this.stepT);
    const fresh = this.lines.get(line);
    if (fresh) {
      fresh.shown = e.shown;
      this.announceLamps(line);
    }
  }

  private reconcile(t: Instant): ReloadResult {
    const result = planReload(this, this.target);
    this.general = this.target.general;
    for (const id of result.removeStations) this.stations.delete(id);
    for (const s of result.upsertStations) {
      const cur = this.stations.get(s.id);
      if (cur) cur.def = s;
      else this.addStation(s);
    }
    const stationDefs = [...this.stations.values()].map((s) => s.def);
    for (const id of result.removeLines) {
      const e = this.lines.get(id);
      if (!e) continue;
      this.cancelTimer(e);
      for (const a of e.shown.context.appearances) this.fx.lamp({ station: a.station, line: id, lamp: null });
      this.fx.lamp({ station: null, line: id, lamp: null });
      this.lines.delete(id);
    }
    for (const def of result.upsertLines) {
      const e = this.lines.get(def.id);
      const keep = result.keepAppearances[def.id] ?? [];
      const apps = [...appearancesOf(def.id, stationDefs), ...keep.filter((k) => !stationDefs.some((s) => s.id === k.station && s.appearances.some((a) => a.line === def.id)))];
      if (e) {
        e.def = def;
        const dialToneDetect = this.ports.get(def.id)?.dialToneDetect ?? DEFAULT_PORT.dialToneDetect;
        e.actor.send({ type: 'reconfigure', t, def, appearances: apps, dialToneDetect });
      } else {
        this.addLine(def, 0, t);
        const fresh = this.lines.get(def.id);
        if (fresh) this.announceNewLine(def.id);
      }
    }
    this.pending = result.pending;
    return { applied: result.applied, pending: result.pending };
  }

  private announceNewLine(line: string): void {
    const e = this.lines.get(line);
    if (!e) return;
    const snap = e.actor.getSnapshot();
    e.shown = snap;
    const state = lineStateName(snap);
    for (const a of snap.context.appearances) this.fx.lamp({ station: a.station, line, lamp: lampOf(state, snap.context, a) });
    this.fx.lamp({ station: null, line, lamp: lampOf(state, snap.context, null) });
  }

}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function isAlerting(snap: LineSnapshot): boolean {
  const s = lineStateName(snap);
  return s === 'ringing.active' || s === 'held.recall' || s === 'held.escalated';
}

function isStationEvent(ev: CoreEvent): ev is StationInput & { t: Instant } {
  return ev.type.startsWith('station.');
}
