import type { CallRecord } from '../src/core/callRecord.js';
import type { KeySystemEffects } from '../src/core/effects.js';
import type { SystemDef } from '../src/core/options.js';

type Sink = Pick<KeySystemEffects, 'alertStart' | 'alertStop' | 'lamp' | 'portOffHook' | 'portOnHook' | 'audioConnect' | 'audioDisconnect' | 'legEnd' | 'callStarted' | 'callEnded'>;

interface LineState {
  state: 'idle' | 'ringing' | 'connected';
  seq: number;
  t0: number;
  by: string | null;
}

/**
 * The benchmark's anchor: a minimal hand-written reducer of the same ring logic the core runs
 * (ring → call record, alert and lamp every appearance; answer → stop every alert, port off-hook,
 * audio, re-lamp; hang up → audio, leg, port on-hook, call record, lamps idle), calling the same
 * effects so the two do the same observable work. No timers, hold, options or invariants.
 */
export class RingReducer {
  private readonly lines = new Map<string, LineState>();
  private readonly stationsOf = new Map<string, string[]>();
  private readonly busy = new Set<string>();

  constructor(system: SystemDef, private readonly sink: Sink) {
    for (const l of system.lines) {
      this.lines.set(l.id, { state: 'idle', seq: 0, t0: 0, by: null });
      this.stationsOf.set(l.id, system.stations.filter((s) => s.appearances.some((a) => a.line === l.id)).map((s) => s.id));
    }
  }

  ring(line: string, t: number): void {
    const l = this.lines.get(line);
    if (!l || l.state !== 'idle') return;
    l.state = 'ringing';
    l.seq++;
    l.t0 = t;
    this.sink.callStarted(this.record(line, l, null));
    for (const s of this.stationsOf.get(line) ?? []) {
      if (!this.busy.has(s)) this.sink.alertStart(this.alert(s, line, l));
      this.sink.lamp({ station: s, line, lamp: 'ringing-here' });
    }
    this.sink.lamp({ station: null, line, lamp: 'ringing-not-here' });
  }

  answer(line: string, station: string): void {
    const l = this.lines.get(line);
    if (!l || l.state !== 'ringing') return;
    for (const s of this.stationsOf.get(line) ?? []) if (!this.busy.has(s)) this.sink.alertStop(this.alert(s, line, l));
    this.sink.portOffHook(line);
    l.state = 'connected';
    l.by = station;
    this.busy.add(station);
    this.sink.audioConnect(station, line);
    for (const s of this.stationsOf.get(line) ?? []) this.sink.lamp({ station: s, line, lamp: s === station ? 'in-use-mine' : 'in-use-other' });
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
    for (const s of this.stationsOf.get(line) ?? []) this.sink.lamp({ station: s, line, lamp: 'idle' });
    this.sink.lamp({ station: null, line, lamp: 'idle' });
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
