import { loadavg } from 'node:os';
import { createActor } from 'xstate';
import { KeySystem, appearancesOf } from '../src/core/KeySystem.js';
import { lineMachine } from '../src/core/lineMachine.js';
import { EFFECT_NAMES, ManualClock, counting, site } from './coreSite.js';
import { RingReducer } from './ringReducer.js';
import { floorActors } from './xstateFloor.js';

/**
 * Where the core's time goes, layer by layer (a program, not a test): the same rounds as
 * core-bench.ts (ring, answer, hang-up) run by the reducer, by bare XState actors (the floor), by
 * the line actors alone with no-op effects, and by the whole key system, in alternating trials.
 * Measured in process CPU time, so that other work on a shared machine weighs less than in the
 * wall-clock events/s of core-bench.ts.
 * Usage: node dist/bench/core-breakdown.js [lines] [stations] [rounds] [trials]
 */

const [L, S, N, TRIALS] = [8, 32, 10_000, 9].map((d, i) => Number(process.argv[i + 2] ?? d)) as [number, number, number, number];
const system = site(L, S);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function reducer(n: number): number {
  const r = new RingReducer(system, counting());
  const a = cpuMs();
  for (let i = 0; i < n; i++) {
    const line = `line${(i % L) + 1}`;
    r.ring(line, i * 6000);
    r.answer(line, `st${(i % S) + 1}`, i * 6000 + 2000);
    r.hangup(line, i * 6000 + 4000);
  }
  return cpuMs() - a;
}

function floor(n: number): number {
  const actors = floorActors(L);
  let t = 1_000_000;
  const a = cpuMs();
  for (let i = 0; i < n; i++) {
    const actor = actors[i % L];
    const who = `st${(i % S) + 1}`;
    actor?.send({ type: 'ring', t: (t += 2000) });
    actor?.send({ type: 'answer', station: who, t: (t += 2000) });
    actor?.send({ type: 'hangup', station: who, t: (t += 2000) });
  }
  return cpuMs() - a;
}

function lineActors(n: number): number {
  const noop = Object.fromEntries(EFFECT_NAMES.map((k) => [k, () => {}]));
  const machine = lineMachine.provide({ actions: noop });
  const actors = system.lines.map((def) => createActor(machine, {
    input: { def, general: system.general, seq: 0, dialToneDetect: true, portReady: true, battery: true, appearances: appearancesOf(def.id, system.stations), onHookAt: 0 },
  }).start());
  const seq = actors.map(() => 0);
  let t = 1_000_000;
  const a = cpuMs();
  for (let i = 0; i < n; i++) {
    const k = i % L;
    const actor = actors[k];
    const who = `st${(i % S) + 1}`;
    seq[k] = (seq[k] ?? 0) + 1;
    actor?.send({ type: 'fxo.ring', callerId: { number: '5551234', name: 'DOE JOHN' }, t: (t += 2000) });
    actor?.send({ type: 'answer', station: who, call: `line${k + 1}-${seq[k]}`, t: (t += 2000) });
    actor?.send({ type: 'hangup', station: who, t: (t += 2000) });
  }
  return cpuMs() - a;
}

function core(n: number): number {
  const clock = new ManualClock();
  const ks = new KeySystem({ system, clock, effects: counting() });
  ks.start();
  const a = cpuMs();
  for (let i = 0; i < n; i++) {
    const line = `line${(i % L) + 1}`;
    const who = `st${(i % S) + 1}`;
    ks.dispatch({ type: 'fxo.ring', line, callerId: { number: '5551234', name: 'DOE JOHN' }, t: (clock.t += 2000) });
    ks.dispatch({ type: 'station.answer', station: who, line, t: (clock.t += 2000) });
    ks.dispatch({ type: 'station.hangup', station: who, line, t: (clock.t += 2000) });
  }
  return cpuMs() - a;
}

const runs = { reducer, floor, lineActors, core } as const;
const names = Object.keys(runs) as Array<keyof typeof runs>;
const us: Record<string, number[]> = {};
for (const k of names) {
  runs[k](Math.max(100, N / 10)); // warm-up
  us[k] = [];
}
for (let t = 0; t < TRIALS; t++) for (const k of names) us[k]?.push((runs[k](N) * 1000) / (3 * N));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const base = median(us.reducer ?? []);
console.log(`core breakdown ${L}x${S}: CPU µs per event, median of ${TRIALS} alternating trials of ${N} rounds, load ${loadavg()[0]?.toFixed(1)}`);
console.log('| run | µs per event | x reducer | min µs |');
console.log('|---|---|---|---|');
for (const k of names) {
  const xs = us[k] ?? [];
  console.log(`| ${k} | ${median(xs).toFixed(2)} | ${(median(xs) / base).toFixed(1)} | ${Math.min(...xs).toFixed(2)} |`);
}
