import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CountryProfile, FxoEvent } from '../contracts/index.js';
import { RawFxoPort } from '../sim/RawFxoPort.js';
import { SimFxoPort } from '../sim/SimFxoPort.js';
import { SimulatedClock } from '../sim/SimulatedClock.js';
import { FxoSupervisor } from './FxoSupervisor.js';

const profile = (cc: string): CountryProfile =>
  JSON.parse(readFileSync(new URL(`../../boards/profiles/${cc}.json`, import.meta.url), 'utf8')) as CountryProfile;

/** `[t, type, detail]` for the events that matter to ringing. */
function brief(events: FxoEvent[]): Array<[number, string, unknown?]> {
  return events.flatMap((e): Array<[number, string, unknown?]> => {
    if (e.type === 'ringing') return [[e.t, 'ringing', e.cadence]];
    if (e.type === 'ringingStopped') return [[e.t, 'ringingStopped']];
    if (e.type === 'callerId') return [[e.t, 'callerId', e.number]];
    return [];
  });
}

async function simRig(cc: string) {
  const clock = new SimulatedClock();
  const p = profile(cc);
  const line = new SimFxoPort({ line: 'line1', clock, profile: p });
  const sup = new FxoSupervisor({ port: line, clock, profile: p });
  const events: FxoEvent[] = [];
  sup.on('event', (e) => events.push(e));
  await sup.open();
  return { clock, line, sup, events, p };
}

async function rawRig(p: CountryProfile = profile('us'), caps = {}) {
  const clock = new SimulatedClock();
  const port = new RawFxoPort('line1', () => clock.now(), caps);
  const sup = new FxoSupervisor({ port, clock, profile: p });
  const events: FxoEvent[] = [];
  sup.on('event', (e) => events.push(e));
  await sup.open();
  return { clock, port, sup, events };
}

describe('FxoSupervisor ringing', () => {
  it('never passes raw bursts to the core', async () => {
    const { clock, line, events } = await simRig('us');
    line.ring({ bursts: 2 });
    clock.advance(20_000);
    expect(events.some((e) => e.type === 'ringBurst')).toBe(false);
  });

  it('reports ringing once a burst lasted validateMs, not before', async () => {
    const { clock, line, events } = await simRig('us');
    line.ring();
    clock.advance(199);
    expect(brief(events)).toEqual([]);
    clock.advance(1);
    expect(brief(events)).toEqual([[200, 'ringing', null]]);
  });

  it('forgets a burst shorter than validateMs (a glitch)', async () => {
    const { clock, line, events } = await simRig('us');
    line.ring();
    clock.advance(150);
    line.stopRinging();
    clock.advance(30_000);
    expect(brief(events)).toEqual([]);
  });

  // First full cycle ends when the next cycle's first burst starts; stopped = last burst end + 1.5 × longest off.
  const cases: Array<[string, number, number, number]> = [
    // country, burst count, cadence match at, ringingStopped at
    ['us', 3, 6000, 14_000 + 6000],
    ['gb', 4, 3000, 4000 + 3000],
    ['de', 2, 5000, 6000 + 6000],
    ['fr', 2, 5000, 6500 + 5250],
    ['se', 2, 6000, 7000 + 7500],
    ['au', 4, 3000, 4000 + 3000],
  ];
  it.each(cases)('%s: ringing, then the cadence name after one full cycle, then ringingStopped', async (cc, bursts, matchAt, stopAt) => {
    const { clock, line, events } = await simRig(cc);
    line.ring({ bursts });
    clock.advance(60_000);
    expect(brief(events)).toEqual([[200, 'ringing', null], [matchAt, 'ringing', 'normal'], [stopAt, 'ringingStopped']]);
  });

  it('us: tells a distinctive ring by its cadence', async () => {
    const { clock, line, events } = await simRig('us');
    line.ring({ cadence: 'distinctive2' });
    clock.advance(6000);
    expect(brief(events)).toEqual([[200, 'ringing', null], [6000, 'ringing', 'distinctive2']]);
  });

  it('matches within max(100 ms, 20 %) and reports no name outside it', async () => {
    const a = await rawRig();
    a.port.push({ type: 'ringBurst', on: true });
    a.clock.advance(2350);
    a.port.push({ type: 'ringBurst', on: false, ms: 2350 });
    a.clock.advance(3250);
    a.port.push({ type: 'ringBurst', on: true });
    expect(brief(a.events)).toEqual([[200, 'ringing', null], [5600, 'ringing', 'normal']]);

    const b = await rawRig();
    b.port.push({ type: 'ringBurst', on: true });
    b.clock.advance(2500);
    b.port.push({ type: 'ringBurst', on: false });
    b.clock.advance(4000);
    b.port.push({ type: 'ringBurst', on: true });
    expect(brief(b.events)).toEqual([[200, 'ringing', null]]);
  });

  it('keeps ringing while bursts come within 1.5 × the longest off segment', async () => {
    const { clock, port, events } = await rawRig();
    const burst = (ms: number, gap: number) => {
      port.push({ type: 'ringBurst', on: true });
      clock.advance(ms);
      port.push({ type: 'ringBurst', on: false });
      clock.advance(gap);
    };
    burst(2000, 5999); // the CO paused longer than usual, but below 6000
    burst(2000, 5999);
    expect(brief(events).map((e) => e[1])).toEqual(['ringing']);
    clock.advance(1);
    expect(brief(events).at(-1)).toEqual([2000 + 5999 + 2000 + 6000, 'ringingStopped']);
  });

  it('ends ringing without ringingStopped when the line is seized (answered)', async () => {
    const { clock, line, events } = await simRig('us');
    line.ring({ callerId: { number: '5551234' } });
    clock.advance(7000);
    const seized = line.offHook();
    clock.advance(20);
    await seized;
    clock.advance(60_000);
    expect(brief(events).map((e) => e[1])).toEqual(['ringing', 'callerId', 'ringing']);
    expect(events.filter((e) => e.type === 'hook')).toHaveLength(1);
  });

  it('ringsOnly ports: ringing at the first RING, cadence by RING spacing', async () => {
    const { clock, port, events } = await rawRig(profile('us'), { ring: 'ringsOnly' });
    port.push({ type: 'ringBurst', on: true });
    clock.advance(6000);
    port.push({ type: 'ringBurst', on: true });
    expect(brief(events)).toEqual([[0, 'ringing', null], [6000, 'ringing', 'normal']]);
    clock.advance(9000);
    expect(brief(events).at(-1)).toEqual([15_000, 'ringingStopped']);
  });
});
