import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { KeySystem } from '../src/core/KeySystem.js';
import { ManualClock, counting, site } from './coreSite.js';
import { RingReducer } from './ringReducer.js';
import { floorActors } from './xstateFloor.js';

/**
 * Core benchmark (a program, not a test): ring fan-out latency and events per second of the
 * XState key system against a hand-written reducer of the same ring logic, in the same run.
 * Usage: node dist/bench/core-bench.js [--quick]
 */

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

interface Row { impl: string; size: string; p50: number; p99: number; max: number; eps: number; effects: number }

function benchCore(lines: number, stations: number, rounds: number): Row {
  const clock = new ManualClock();
  const fx = counting();
  const ks = new KeySystem({ system: site(lines, stations), clock, effects: fx });
  ks.start();
  const lat: number[] = [];
  let events = 0;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) {
    const line = `line${(i % lines) + 1}`;
    const who = `st${(i % stations) + 1}`;
    clock.t += 2000;
    const a = performance.now();
    ks.dispatch({ type: 'fxo.ring', line, callerId: { number: '5551234', name: 'DOE JOHN' }, t: clock.t });
    lat.push(performance.now() - a);
    clock.t += 2000;
    ks.dispatch({ type: 'station.answer', station: who, line, t: clock.t });
    clock.t += 2000;
    ks.dispatch({ type: 'station.hangup', station: who, line, t: clock.t });
    events += 3;
  }
  const secs = (performance.now() - t0) / 1000;
  return { impl: 'xstate core', size: `${lines}x${stations}`, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat), eps: events / secs, effects: fx.count };
}

function benchReducer(lines: number, stations: number, rounds: number): Row {
  const fx = counting();
  const r = new RingReducer(site(lines, stations), fx);
  const lat: number[] = [];
  let events = 0;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) {
    const line = `line${(i % lines) + 1}`;
    const who = `st${(i % stations) + 1}`;
    const a = performance.now();
    r.ring(line, i * 6000);
    lat.push(performance.now() - a);
    r.answer(line, who, i * 6000 + 2000);
    r.hangup(line, i * 6000 + 4000);
    events += 3;
  }
  const secs = (performance.now() - t0) / 1000;
  return { impl: 'reducer (anchor)', size: `${lines}x${stations}`, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat), eps: events / secs, effects: fx.count };
}

/** The same rounds sent to bare XState actors (xstateFloor.ts): what one XState transition costs here, with no work done. */
function benchFloor(lines: number, stations: number, rounds: number): Row {
  const actors = floorActors(lines);
  const lat: number[] = [];
  let events = 0;
  let t = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) {
    const actor = actors[i % lines];
    if (!actor) continue;
    const who = `st${(i % stations) + 1}`;
    t += 2000;
    const a = performance.now();
    actor.send({ type: 'ring', t });
    lat.push(performance.now() - a);
    t += 2000;
    actor.send({ type: 'answer', station: who, t });
    t += 2000;
    actor.send({ type: 'hangup', station: who, t });
    events += 3;
  }
  const secs = (performance.now() - t0) / 1000;
  return { impl: 'bare XState actor (floor)', size: `${lines}x${stations}`, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat), eps: events / secs, effects: 0 };
}

const quick = process.argv.includes('--quick');
const TRIALS = quick ? 1 : 7;
const sizes: Array<[number, number, number]> = [[8, 32, quick ? 300 : 3000], [64, 500, quick ? 30 : 1000]];

/** The median of each measure over the trials: a shared two-core machine is noisy run to run. */
function median(rows: Row[]): Row {
  const mid = <K extends keyof Row>(k: K) => pct(rows.map((r) => r[k] as number), 50);
  const first = rows[0] as Row;
  return { ...first, p50: mid('p50'), p99: mid('p99'), max: mid('max'), eps: mid('eps') };
}

const rows: Row[] = [];
for (const [l, s, n] of sizes) {
  benchCore(l, s, Math.max(10, n / 10)); // warm-up: JIT and first allocations
  benchReducer(l, s, Math.max(10, n / 10));
  benchFloor(l, s, Math.max(10, n / 10));
  const core: Row[] = [];
  const red: Row[] = [];
  const floor: Row[] = [];
  // Alternate them so that machine noise falls on all alike.
  for (let i = 0; i < TRIALS; i++) {
    core.push(benchCore(l, s, n));
    red.push(benchReducer(l, s, n));
    floor.push(benchFloor(l, s, n));
  }
  rows.push(median(core), median(red), median(floor));
}
const fmt = (x: number) => x.toFixed(3);
console.log(`keyline core benchmark — ${new Date().toISOString().slice(0, 10)} — node ${process.version} — ${cpus()[0]?.model ?? 'cpu?'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB — median of ${TRIALS} trials`);
console.log('| implementation | lines x stations | ring fan-out p50 ms | p99 ms | max ms | events/s | effects |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.impl} | ${r.size} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${Math.round(r.eps)} | ${r.effects} |`);
for (const [l, s] of sizes) {
  const core = rows.find((r) => r.impl === 'xstate core' && r.size === `${l}x${s}`);
  const red = rows.find((r) => r.impl === 'reducer (anchor)' && r.size === `${l}x${s}`);
  const floor = rows.find((r) => r.impl === 'bare XState actor (floor)' && r.size === `${l}x${s}`);
  if (core && red) console.log(`${l}x${s}: the reducer handles ${(red.eps / core.eps).toFixed(1)}x the events per second; core fan-out p99 ${fmt(core.p99)} ms (target < 1 ms at 8x32)`);
  if (floor && red && core) {
    console.log(`${l}x${s}: a bare XState transition alone is ${(red.eps / floor.eps).toFixed(1)}x the reducer's whole event; the core is ${(floor.eps / core.eps).toFixed(1)}x the bare transition`);
  }
}
