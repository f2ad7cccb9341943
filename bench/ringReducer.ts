import type { CallRecord } from '../src/core/callRecord.js';
import type { KeySystemEffects } from '../src/core/effects.js';
import type { SystemDef } from '../src/core/options.js';

type Sink = Pick<KeySystemEffects, 'alertStart' | 'alertStop' | 'lamp' | 'portOffHook' | 'portOnHook' | 'audioConnect' | 'audioDisconnect' | 'legEnd' | 'callStarted' | 'callEnded'>;

interface Window {
  openAt: number;
  closeAt: number | null;
}

interface LineState {
  state: 'idle' | 'ringing' | 'connected';
  seq: number;
  t0: number;
  by: string | null;
  /** Ring windows of sla.md §4.2, per station, for the current call. */
  windows: Map<string, Window>;
  /** The next instant a window opens or closes: where a real implementation arms its timer. */
  deadline: number | null;
}

interface Appearance {
  station: string;
  ring: boolean;
  ringDelay: number;
  ringTimeout: number;
  stationRingTimeout: number;
}

/**
 * The benchmark's anchor: a minimal hand-written reducer of the same ring logic the core runs
 * (ring → call record, ring windows (sla.md §4.2), alert and lamp every appearance by its window;
 * answer → stop every alert, port off-hook, audio, re-lamp; hang up → audio, leg, port on-hook,
 * call record, lamps idle), calling the same effects so both do the same observable work. No
 * hold, seizure, reload or invariants; mutable state, no copies.
 */
export class RingReducer {
  private readonly lines = new Map<string, LineState>();
  private readonly appearancesOf = new Map<string, Appearance[]>();
  private readonly busy = new Set<string>();

  constructor(system: SystemDef, private readonly sink: Sink) {
    for (const l of system.lines) {
      this.lines.set(l.id, { state: 'idle', seq: 0, t0: 0, by: null, windows: new Map(), deadline: null });
      const apps: Appearance[] = [];
      for (const s of system.stations) {
        const a = s.appearances.find((x) => x.line === l.id);
        if (a) apps.push({ station: s.id, ring: a.ring, ringDelay: a.ringDelay, ringTimeout: a.ringTimeout, stationRingTimeout: a.stationRingTimeout });
      }
      this.appearancesOf.set(l.id, apps);
    }
  }

  ring(line: string, t: number): void {
    const l = this.lines.get(line);
    if (!l || l.state !== 'idle') return;
    l.state = 'ringing';
    l.seq++;
    l.t0 = t;
    l.windows = new Map();
    l.deadline = null;
    this.sink.callStarted(this.record(line, l, null));
    for (const a of this.appearancesOf.get(line) ?? []) {
      if (!a.ring) continue;
      const openAt = t + a.ringDelay;
      const closeAt = a.ringTimeout > 0 ? t + a.ringTimeout : a.stationRingTimeout > 0 ? openAt + a.stationRingTimeout : null;
      l.windows.set(a.station, { openAt, closeAt });
      const next = openAt > t ? openAt : closeAt;
      if (next !== null && (l.deadline === null || next < l.deadline)) l.deadline = next;
    }
    for (const a of this.appearancesOf.get(line) ?? []) {
      const open = this.isOpen(l, a.station, t);
      if (open && !this.busy.has(a.station)) this.sink.alertStart(this.alert(a.station, line, l));
      this.sink.lamp({ station: a.station, line, lamp: open ? 'ringing-here' : 'ringing-not-here' });
    }
    this.sink.lamp({ station: null, line, lamp: 'ringing-not-here' });
  }

  answer(line: string, station: string, t: number): void {
    const l = this.lines.get(line);
    if (!l || l.state !== 'ringing') return;
    for (const a of this.appearancesOf.get(line) ?? []) {
      if (this.isOpen(l, a.station, t) && !this.busy.has(a.station)) this.sink.alertStop(this.alert(a.station, line, l));
    }
    l.windows.clear();
    l.deadline = null;
    this.sink.portOffHook(line);
    l.state = 'connected';
    l.by = station;
    this.busy.add(station);
    this.sink.audioConnect(station, line);
    for (const a of this.appearancesOf.get(line) ?? []) this.sink.lamp({ station: a.station, line, lamp: a.station === station ? 'in-use-mine' : 'in-use-other' });
    this.sink.lamp({ station: null, line, lamp: 'in-use-other' });
  }

  hangup(line: string, t: number): void {
    const l = this.lines.get(line);
    if (!l || l.state !== 'connected' || !l.by) return;
    this.sink.audioDisconnect(l.by, line);
    this.sink.legEnd(l.by, line);
    this.sink.portOnHook(line);
    this.sink.callEnded(this.record(line, l, t));
    this.busy.delete(l.by);
    l.state = 'idle';
    l.by = null;
    for (const a of this.appearancesOf.get(line) ?? []) this.sink.lamp({ station: a.station, line, lamp: 'idle' });
    this.sink.lamp({ station: null, line, lamp: 'idle' });
  }

  private isOpen(l: LineState, station: string, t: number): boolean {
    const w = l.windows.get(station);
    return !!w && w.openAt <= t && (w.closeAt === null || t < w.closeAt);
  }

  private alert(station: string, line: string, l: LineState) {
    return { station, line, call: `${line}-${l.seq}`, kind: 'ring' as const, callerId: null, label: line };
  }

  private record(line: string, l: LineState, endedAt: number | null): CallRecord {
    return {
      id: `${line}-${l.seq}`, line, seq: l.seq, direction: 'in', callerId: null, digits: '', glare: false, t0: l.t0,
      answeredAt: null, answeredBy: l.by, endedAt, outcome: endedAt === null ? null : 'completed', steps: [],
    };
  }
}
