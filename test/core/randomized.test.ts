import { describe, expect, it } from 'vitest';
import type { Lamp } from '../../src/core/lamp.js';
import { systemViolations } from '../../src/core/invariants.js';
import { CoreHarness } from '../support/CoreHarness.js';
import { fixture } from '../support/coreFixture.js';
import type { FixtureSpec } from '../support/coreFixture.js';
import { prng } from '../support/prng.js';

const STATIONS = ['a', 'b', 'c'];
const LINES = ['l1', 'l2'];

const FIXTURES: Record<string, FixtureSpec> = {
  defaults: {},
  forwarding: { line: { l1: { ringTimeout: 8, noAnswer: { kind: 'forward', target: 'sip:vm@pbx' } }, l2: { ringTimeout: 5 } } },
  privateHold: { line: { l1: { hold: 'private', holdRecall: 4, privateHoldRecall: 6, recallTimeout: 3, holdDropAfter: 40 }, l2: { barge: false, maxConnected: 2 } } },
  delays: { line: { l1: { callerIdWait: 4 } }, station: { b: { ringDelay: 3, ringTimeout: 5 }, c: { lines: [{ line: 'l2', ringDelay: 2, ringTimeout: 6 }, { line: 'l1', ring: false }], offHookPreference: 'idle-only', autoHold: false } } },
};

/** One random action at the current instant; weights favour the events that make calls happen. */
function act(h: CoreHarness, r: ReturnType<typeof prng>): void {
  const line = r.pick(LINES);
  const station = r.pick(STATIONS);
  const call = h.ks.lineContext(line)?.call?.id;
  // The forward target answers or fails soon after it is called, as a real one would.
  if (h.ks.lineState(line) === 'ringing.forwarding' && r.next() < 0.3) {
    h.send({ type: r.next() < 0.7 ? 'forward.answered' : 'forward.failed', line });
    return;
  }
  const choices: Array<() => void> = [
    () => h.ring(line, r.next() < 0.5 ? { number: String(r.int(1e7)) } : undefined),
    () => h.send({ type: 'fxo.callerId', line, callerId: r.next() < 0.2 ? null : { withheld: 'P' } }),
    () => h.send({ type: 'fxo.ringStopped', line }),
    () => h.send({ type: 'fxo.offHook', line }),
    () => h.send({ type: 'fxo.dialTone', line }),
    () => h.send({ type: 'fxo.seizeFailed', line, cause: r.pick(['noBattery', 'portLost', 'error'] as const) }),
    () => h.send({ type: 'fxo.disconnect', line, by: 'polarity' }),
    () => h.send({ type: 'fxo.health', line, battery: r.next() < 0.6, portReady: r.next() < 0.9 }),
    () => h.send({ type: 'fxo.health', line, battery: true, portReady: true }),
    () => h.send({ type: r.pick(['forward.answered', 'forward.failed', 'forward.ended'] as const), line }),
    () => h.st(station, { type: 'station.offHook', digits: r.next() < 0.3 ? '123' : undefined }),
    () => h.st(station, { type: 'station.onHook' }),
    () => h.st(station, { type: 'station.lineKey', line }),
    () => h.st(station, { type: 'station.lineKey', line }),
    () => h.st(station, { type: 'station.answer', line, call }),
    () => h.st(station, { type: 'station.answer', line, call: r.next() < 0.2 ? 'stale-1' : call }),
    () => h.st(station, { type: 'station.decline', line, call }),
    () => h.st(station, { type: 'station.alertFailed', line, call }),
    () => h.st(station, { type: 'station.hold', exclusive: r.next() < 0.2 }),
    () => h.st(station, { type: 'station.hold', line, exclusive: r.next() < 0.5 }),
    () => h.st(station, { type: 'station.resume', line }),
    () => h.st(station, { type: 'station.hangup', line: r.next() < 0.5 ? line : undefined }),
    () => h.st(station, { type: 'station.reachable', reachable: r.next() < 0.6 }),
    () => h.clock.advance(r.int(3000)),
    () => h.clock.advance(r.int(200)),
    () => { const next = h.clock.nextTimerAt(); if (next !== undefined) h.clock.advanceTo(next); },
  ];
  r.pick(choices)();
}

/** The world as the effects told it: lamps, alerts and port commands, rebuilt from the log alone. */
function rendered(h: CoreHarness, from: number) {
  return h.log.slice(from);
}

const ALL_STATES = [
  'outOfService', 'idle', 'ringing.active', 'ringing.forwarding', 'ringing.unanswered', 'seizing.guard', 'seizing.dialling',
  'connected', 'held.waiting', 'held.recall', 'held.escalated', 'forwarded',
];
const visited = new Set<string>();

describe('randomized sequences keep the invariants of sla.md §3.4', () => {
  for (const [name, spec] of Object.entries(FIXTURES)) {
    for (const seed of [1, 2, 3]) {
      it(`${name}, seed ${seed}: 3000 steps`, () => {
        const h = new CoreHarness(fixture(spec));
        h.failing.add('c');
        const r = prng(seed * 7919 + name.length);
        const lamps = new Map<string, Lamp | null>();
        const alerts = new Set<string>();
        const port = new Map<string, 'on' | 'off'>();
        const callIds = new Set<string>();
        let seen = 0;
        for (let i = 0; i < 3000; i++) {
          act(h, r);
          for (const e of rendered(h, seen)) {
            if (e.type === 'lamp') lamps.set(`${e.change.station}|${e.change.line}`, e.change.lamp);
            if (e.type === 'alertStart') alerts.add(`${e.alert.station}|${e.alert.line}|${e.alert.call}`);
            if (e.type === 'alertStop') alerts.delete(`${e.alert.station}|${e.alert.line}|${e.alert.call}`);
            if (e.type === 'portOffHook') port.set(e.line, 'off');
            if (e.type === 'portOnHook') port.set(e.line, 'on');
            if (e.type === 'callStarted') {
              expect(callIds.has(e.record.id), `call id ${e.record.id} reused`).toBe(false);
              callIds.add(e.record.id);
            }
          }
          seen = h.log.length;
          for (const line of LINES) visited.add(h.ks.lineDetail(line) ?? '');
          const where = `step ${i} of ${name}/${seed}`;
          expect(systemViolations(h.ks), where).toEqual([]);
          for (const line of LINES) {
            for (const s of [...STATIONS, null]) {
              const want = h.ks.lamp(s, line);
              const got = lamps.get(`${s}|${line}`);
              if (want !== null || got !== undefined) expect(got ?? null, `${where}: lamp ${s}/${line}`).toBe(want);
            }
            expect(port.get(line) ?? 'on', `${where}: port ${line}`).toBe(h.ks.lineContext(line)?.portCommanded);
          }
          const live = new Set(STATIONS.flatMap((s) => h.ks.activeAlertsOf(s)).map((a) => `${a.station}|${a.line}|${a.call}`));
          expect([...alerts].sort(), `${where}: alerts`).toEqual([...live].sort());
        }
        expect(callIds.size).toBeGreaterThan(20);
      });
    }
  }

  it('between them, the sequences visit every state of the line machine', () => {
    expect([...visited].filter((v) => ALL_STATES.includes(v)).sort()).toEqual([...ALL_STATES].sort());
  });
});
