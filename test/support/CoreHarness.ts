import { KeySystem } from '../../src/core/KeySystem.js';
import type { PortState } from '../../src/core/KeySystem.js';
import type { CallerId } from '../../src/core/callerId.js';
import type { CallRecord } from '../../src/core/callRecord.js';
import type { AlertInfo, KeySystemEffects, LampChange, RefusalReason } from '../../src/core/effects.js';
import type { CoreEvent, StationInput } from '../../src/core/events.js';
import type { Lamp } from '../../src/core/lamp.js';
import type { SystemDef } from '../../src/core/options.js';
import { SimulatedClock } from '../../hal/sim/SimulatedClock.js';

interface Payloads {
  portOffHook: { line: string };
  portOnHook: { line: string };
  toneJoin: { line: string };
  mohStop: { line: string };
  forwardEnd: { line: string };
  portDial: { line: string; digits: string };
  alertStart: { alert: AlertInfo };
  alertStop: { alert: AlertInfo };
  audioConnect: { station: string; line: string };
  audioDisconnect: { station: string; line: string };
  legEnd: { station: string; line: string };
  refuse: { station: string; reason: RefusalReason; line: string | null };
  mohStart: { line: string; source: string };
  forwardStart: { line: string; target: string; callerId: CallerId | null };
  lamp: { change: LampChange };
  callStarted: { record: CallRecord };
  callEnded: { record: CallRecord };
  note: { event: string; line?: string; station?: string };
}

/** One recorded effect: its name as `type`, and its arguments. */
export type Effect = { [K in keyof Payloads]: { type: K } & Payloads[K] }[keyof Payloads];

export type Recorded = Effect & { t: number };

type StationBody = StationInput extends infer E ? (E extends { station: string } ? Omit<E, 'station'> : never) : never;

/**
 * Drives a KeySystem on a simulated clock and records every effect with its instant. Times in
 * the API are seconds from the harness's zero, like the scenarios of sla.md §13.
 */
export class CoreHarness {
  /** The service started a minute before the scenario's zero, so start-up's on-hook guard is over. */
  readonly clock = new SimulatedClock(1_000_000 - 60_000);
  readonly zero = 1_000_000;
  readonly log: Recorded[] = [];
  readonly ks: KeySystem;
  /** Stations whose alerts fail at once, as an unregistered SIP phone's do (S12). */
  readonly failing = new Set<string>();

  constructor(readonly system: SystemDef, opts: { ports?: Record<string, PortState>; seq?: Record<string, number> } = {}) {
    this.ks = new KeySystem({ system, clock: this.clock, effects: this.recorder(), ports: opts.ports, seq: opts.seq });
    this.ks.start();
    this.clock.advanceTo(this.zero);
  }

  /** Seconds since zero. */
  get now(): number {
    return (this.clock.now() - this.zero) / 1000;
  }

  at(seconds: number): this {
    this.clock.advanceTo(this.zero + Math.round(seconds * 1000));
    return this;
  }

  send(ev: CoreEvent extends infer E ? (E extends { t: number } ? Omit<E, 't'> : never) : never): this {
    this.ks.dispatch({ ...ev, t: this.clock.now() } as CoreEvent);
    return this;
  }

  ring(line: string, callerId?: CallerId): this {
    return this.send({ type: 'fxo.ring', line, callerId });
  }

  st(station: string, body: StationBody): this {
    return this.send({ ...body, station } as StationInput);
  }

  lamps(line: string, stations = ['a', 'b', 'c']): Array<Lamp | null> {
    return stations.map((s) => this.ks.lamp(s, line));
  }

  alerted(station: string, line: string): boolean {
    return this.ks.activeAlertsOf(station).some((a) => a.line === line);
  }

  /** What the core last commanded the port of `line`. */
  port(line: string): 'on' | 'off' {
    const last = [...this.log].reverse().find((e) => (e.type === 'portOffHook' || e.type === 'portOnHook') && e.line === line);
    return last?.type === 'portOffHook' ? 'off' : 'on';
  }

  since(seconds: number): Recorded[] {
    const t = this.zero + seconds * 1000;
    return this.log.filter((e) => e.t >= t);
  }

  of<T extends Effect['type']>(type: T, from = 0): Array<Extract<Recorded, { type: T }>> {
    return this.since(from).filter((e): e is Extract<Recorded, { type: T }> => e.type === type);
  }

  refusals(station: string): RefusalReason[] {
    return this.of('refuse').filter((e) => e.station === station).map((e) => e.reason);
  }

  ended(): CallRecord[] {
    return this.of('callEnded').map((e) => e.record);
  }

  private recorder(): KeySystemEffects {
    const push = (e: Effect) => this.log.push({ ...e, t: this.clock.now() });
    return {
      portOffHook: (line) => push({ type: 'portOffHook', line }),
      portOnHook: (line) => push({ type: 'portOnHook', line }),
      portDial: (line, digits) => push({ type: 'portDial', line, digits }),
      alertStart: (alert) => {
        push({ type: 'alertStart', alert });
        // An unregistered SIP phone's alert fails at once; the SIP layer reports it back.
        if (this.failing.has(alert.station)) {
          this.ks.dispatch({ type: 'station.alertFailed', station: alert.station, line: alert.line, call: alert.call, t: this.clock.now() });
        }
      },
      alertStop: (alert) => push({ type: 'alertStop', alert }),
      audioConnect: (station, line) => push({ type: 'audioConnect', station, line }),
      audioDisconnect: (station, line) => push({ type: 'audioDisconnect', station, line }),
      legEnd: (station, line) => push({ type: 'legEnd', station, line }),
      refuse: (station, reason, line) => push({ type: 'refuse', station, reason, line }),
      toneJoin: (line) => push({ type: 'toneJoin', line }),
      mohStart: (line, source) => push({ type: 'mohStart', line, source }),
      mohStop: (line) => push({ type: 'mohStop', line }),
      forwardStart: (line, target, callerId) => push({ type: 'forwardStart', line, target, callerId }),
      forwardEnd: (line) => push({ type: 'forwardEnd', line }),
      lamp: (change) => push({ type: 'lamp', change }),
      callStarted: (record) => push({ type: 'callStarted', record }),
      callEnded: (record) => push({ type: 'callEnded', record }),
      note: (n) => push({ type: 'note', event: n.event, line: n.line, station: n.station }),
    };
  }
}
