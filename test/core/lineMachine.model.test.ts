import { getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import type { ActorLogic, AnyActorScope, Snapshot } from 'xstate';
import { appearancesOf } from '../../src/core/KeySystem.js';
import type { CoreEvent } from '../../src/core/events.js';
import { lineViolations } from '../../src/core/invariants.js';
import { lampOf } from '../../src/core/lampFunction.js';
import type { LineInput } from '../../src/core/lineContext.js';
import { lineDeadline } from '../../src/core/lineDeadline.js';
import type { LineEvent } from '../../src/core/lineEvents.js';
import { lineMachine } from '../../src/core/lineMachine.js';
import { lineStateDetail, lineStateName } from '../../src/core/lineState.js';
import type { LineSnapshot } from '../../src/core/lineState.js';
import { systemViolations } from '../../src/core/invariants.js';
import { CoreHarness } from '../support/CoreHarness.js';
import { fixture } from '../support/coreFixture.js';

/**
 * Model-based tests over the line machine with @xstate/graph. The machine is wrapped so that
 * each snapshot carries the instant it was reached: events are generated at sensible instants
 * (before the next deadline; the timer exactly at it), like the key system delivers them.
 */

const ZERO = 1_000_000;
const system = fixture({
  stations: ['a', 'b'],
  line: { l1: { ringTimeout: 12, noAnswer: { kind: 'forward', target: 'sip:vm@pbx' }, callerIdWait: 2, holdRecall: 20, recallTimeout: 10, holdDropAfter: 60 } },
  station: { b: { ringDelay: 3, hold: 'private' } },
});
const lineDef = system.lines[0]!;
const input: LineInput = {
  def: lineDef, general: system.general, seq: 0, dialToneDetect: true, portReady: true, battery: true,
  appearances: appearancesOf('l1', system.stations), onHookAt: ZERO - 60_000,
};

type Timed = Snapshot<undefined> & { status: 'active'; line: LineSnapshot; now: number };

const timedLine: ActorLogic<Timed, LineEvent, LineInput> = {
  transition: (s, e, scope) => ({ ...s, line: lineMachine.transition(s.line, e, scope as AnyActorScope), now: e.t }),
  getInitialSnapshot: (scope, inp) => ({
    status: 'active', output: undefined, error: undefined,
    line: lineMachine.getInitialSnapshot(scope as AnyActorScope, inp), now: ZERO,
  }),
  getPersistedSnapshot: (s) => s,
} as ActorLogic<Timed, LineEvent, LineInput>;

function eventsFor(s: Timed): LineEvent[] {
  const ctx = s.line.context;
  const d = lineDeadline(lineStateDetail(s.line), ctx);
  const at = (ms: number) => (d ? Math.max(s.now, Math.min(s.now + ms, d.t - 1)) : s.now + ms);
  const t = at(2000);
  // A key pressed soon after something else: inside the on-hook guard and the answer-race window.
  const soon = at(300);
  const call = ctx.call?.id;
  const evs: LineEvent[] = [
    { type: 'fxo.ring', t, callerId: { number: '5551234' } }, { type: 'fxo.callerId', t, callerId: { name: 'X' } },
    { type: 'fxo.ringStopped', t }, { type: 'fxo.offHook', t }, { type: 'fxo.dialTone', t },
    { type: 'fxo.seizeFailed', t, cause: 'error' }, { type: 'fxo.seizeFailed', t, cause: 'noBattery' },
    { type: 'fxo.disconnect', t, by: 'polarity' },
    { type: 'fxo.health', t, battery: false }, { type: 'fxo.health', t, battery: true, portReady: true },
    { type: 'forward.answered', t }, { type: 'forward.failed', t }, { type: 'forward.ended', t },
  ];
  for (const station of ['a', 'b']) {
    evs.push(
      { type: 'lineKey', t, station }, { type: 'lineKey', t: soon, station }, { type: 'answer', t, station, call }, { type: 'decline', t, station, call },
      { type: 'alertFailed', t, station, call }, { type: 'reachable', t, station },
      { type: 'hold', t, station, exclusive: false }, { type: 'hold', t, station, exclusive: true },
      { type: 'resume', t, station }, { type: 'hangup', t, station },
    );
  }
  if (d) evs.push({ type: 'timer', t: d.t });
  return evs;
}

/** Everything that matters about a snapshot except instants and counters, so the graph is finite. */
function serialize(s: Timed): string {
  const c = s.line.context;
  const call = c.call && {
    dir: c.call.direction, glare: c.call.glare, cid: c.call.callerIdReady, con: c.call.connected, sz: c.call.seizer,
    hold: c.call.holders.map((h) => [h.station, h.private]), conf: c.call.offHookConfirmed, fwd: c.call.forwardLeg,
    hint: c.call.outcomeHint, held: c.call.heldSince !== null,
    ring: [...c.call.ring].map(([k, e]) => [k, e.window, e.declined, e.failures > 0, e.retryAt !== null]),
  };
  const guarding = c.onHookAt !== null && s.now < c.onHookAt + c.def.options.onHookGuard;
  return JSON.stringify([s.line.value, c.portCommanded, c.portReady, c.battery, guarding, call]);
}

const LEAVES = [
  'outOfService', 'idle', 'ringing.active', 'ringing.forwarding', 'ringing.unanswered', 'seizing.guard',
  'seizing.dialling', 'connected', 'held.waiting', 'held.recall', 'held.escalated', 'forwarded',
];

describe('line machine, model-based (@xstate/graph)', () => {
  const adj = getAdjacencyMap(timedLine, { input, events: eventsFor, serializeState: (s) => serialize(s) as never, limit: 200_000 });
  const states = Object.values(adj).map((v) => v.state);

  it('reaches every state of the chart', () => {
    const reached = new Set(states.map((s) => lineStateDetail(s.line)));
    expect(LEAVES.filter((l) => !reached.has(l))).toEqual([]);
    expect(states.length).toBeGreaterThan(100);
  });

  it('keeps the sla.md §3.4 invariants in every reachable state', () => {
    for (const s of states) {
      const ctx = s.line.context;
      const busy = (st: string) => !!ctx.call && (ctx.call.connected.includes(st) || ctx.call.seizer === st);
      expect(lineViolations('l1', lineStateDetail(s.line), lineStateName(s.line), ctx, busy), serialize(s)).toEqual([]);
    }
  });

  it('gives every appearance the lamp its role implies (lamps.md §2)', () => {
    for (const s of states) {
      const ctx = s.line.context;
      const state = lineStateName(s.line);
      for (const a of ctx.appearances) {
        const lamp = lampOf(state, ctx, a);
        const connected = !!ctx.call?.connected.includes(a.station);
        expect(lamp === 'in-use-mine', serialize(s)).toBe(connected);
        expect(lamp === 'seizing', serialize(s)).toBe(ctx.call?.seizer === a.station);
      }
      expect(['idle', 'ringing-not-here', 'in-use-other', 'held-other', 'held-private-other', 'out-of-service']).toContain(lampOf(state, ctx, null));
    }
  });

  it('replays the shortest path to every state through the key system with the same result', () => {
    const paths = getShortestPaths(timedLine, { input, events: eventsFor, serializeState: (s) => serialize(s) as never, limit: 200_000 });
    expect(paths.length).toBe(states.length);
    for (const path of paths) {
      const h = new CoreHarness(system);
      for (const { event } of path.steps) {
        h.at((event.t - ZERO) / 1000);
        const core = toCoreEvent(event);
        if (core) h.ks.dispatch(core);
        else if (event.type === 'shutdown') h.ks.shutdown(event.t);
      }
      const where = path.steps.map((st) => st.event.type + ('station' in st.event ? `:${st.event.station}` : '')).join(' > ');
      expect(h.ks.lineDetail('l1'), where).toBe(lineStateDetail(path.state.line));
      expect(h.ks.lineContext('l1')?.call?.connected ?? [], where).toEqual(path.state.line.context.call?.connected ?? []);
      expect(systemViolations(h.ks), where).toEqual([]);
    }
  });
});

/** The key system's input that makes the line actor receive `event` (the timer comes by the clock). */
function toCoreEvent(event: LineEvent): CoreEvent | null {
  const line = 'l1';
  switch (event.type) {
    case 'lineKey': return { type: 'station.lineKey', t: event.t, station: event.station, line };
    case 'answer': return { type: 'station.answer', t: event.t, station: event.station, line, call: event.call };
    case 'decline': return { type: 'station.decline', t: event.t, station: event.station, line, call: event.call };
    case 'alertFailed': return { type: 'station.alertFailed', t: event.t, station: event.station, line, call: event.call };
    case 'reachable': return { type: 'station.reachable', t: event.t, station: event.station, reachable: true };
    case 'hold': return { type: 'station.hold', t: event.t, station: event.station, line, exclusive: event.exclusive };
    case 'resume': return { type: 'station.resume', t: event.t, station: event.station, line };
    case 'hangup': return { type: 'station.hangup', t: event.t, station: event.station, line };
    case 'timer': case 'shutdown': case 'reconfigure': return null;
    default: return { ...event, line } as CoreEvent;
  }
}

