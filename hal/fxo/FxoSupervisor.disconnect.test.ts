import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CountryProfile, FxoCaps, FxoEvent } from '../contracts/index.js';
import { RawFxoPort } from '../sim/RawFxoPort.js';
import { SimFxoPort } from '../sim/SimFxoPort.js';
import { SimulatedClock } from '../sim/SimulatedClock.js';
import { FxoSupervisor } from './FxoSupervisor.js';

const us = (): CountryProfile =>
  JSON.parse(readFileSync(new URL('../../boards/profiles/us.json', import.meta.url), 'utf8')) as CountryProfile;

const disconnects = (events: FxoEvent[]) =>
  events.flatMap((e) => (e.type === 'farEndDisconnect' ? [[e.t, e.by] as const] : []));

/** A line seized at t = 20 (hook acknowledged), outbound call answered. */
async function seized(p: CountryProfile = us(), opts: { caps?: Partial<FxoCaps>; loopBreakMs?: number } = {}) {
  const clock = new SimulatedClock();
  const line = new SimFxoPort({ line: 'line1', clock, profile: p, ...opts });
  const sup = new FxoSupervisor({ port: line, clock, profile: p });
  const events: FxoEvent[] = [];
  sup.on('event', (e) => events.push(e));
  await sup.open();
  const hook = line.offHook();
  clock.advance(20);
  await hook;
  return { clock, line, sup, events };
}

/** A raw port seized at t = 0, for events the line simulation does not script. */
async function rawSeized(p: CountryProfile = us()) {
  const clock = new SimulatedClock();
  const port = new RawFxoPort('line1', () => clock.now());
  const sup = new FxoSupervisor({ port, clock, profile: p });
  const events: FxoEvent[] = [];
  sup.on('event', (e) => events.push(e));
  await sup.open();
  await port.offHook();
  return { clock, port, sup, events };
}

describe('FxoSupervisor far-end disconnect', () => {
  it('polarity reversal while off-hook', async () => {
    const { clock, line, events } = await seized();
    clock.advance(5000);
    line.hangupFarEnd('polarity');
    expect(disconnects(events)).toEqual([[5020, 'polarity']]);
    expect(events.some((e) => e.type === 'polarityReversal')).toBe(false);
  });

  it('loop-current drop ≥ loopDropMinMs after the seizure guard', async () => {
    const { clock, line, events } = await seized();
    clock.advance(1000);
    line.hangupFarEnd('loopCurrent'); // drop 1020..1320, starts 1000 ms after the seizure
    clock.advance(299);
    expect(disconnects(events)).toEqual([]);
    clock.advance(1);
    expect(disconnects(events)).toEqual([[1320, 'loopCurrent']]);
  });

  it('ignores a loop-current drop that starts inside the seizure guard', async () => {
    const { clock, line, events } = await seized();
    clock.advance(629); // drop starts at 649: 629 ms after the seizure, guard 650
    line.hangupFarEnd('loopCurrent');
    clock.advance(1000);
    expect(disconnects(events)).toEqual([]);
  });

  it('accepts a drop starting exactly at the end of the guard', async () => {
    const { clock, line, events } = await seized();
    clock.advance(650);
    line.hangupFarEnd('loopCurrent');
    clock.advance(300);
    expect(disconnects(events)).toEqual([[970, 'loopCurrent']]);
  });

  it('ignores a loop-current drop shorter than loopDropMinMs', async () => {
    const { clock, line, events } = await seized(us(), { loopBreakMs: 50 });
    clock.advance(2000);
    line.hangupFarEnd('loopCurrent');
    clock.advance(1000);
    expect(disconnects(events)).toEqual([]);
  });

  it('busy tone seen busyCount times', async () => {
    const { clock, line, events } = await seized();
    clock.advance(980);
    line.hangupFarEnd('busyTone'); // busy 500/500 from t = 1000
    clock.advance(2999);
    expect(disconnects(events)).toEqual([]);
    clock.advance(1);
    expect(disconnects(events)).toEqual([[4000, 'busyTone']]);
    expect(events.filter((e) => e.type === 'tone' && e.tone === 'busy' && e.on)).toHaveLength(4);
  });

  it('silence for silenceMs, when the profile enables it', async () => {
    const p = us();
    p.disconnect.cues = [...p.disconnect.cues, 'silence'];
    const { clock, line, events } = await seized(p);
    line.hangupFarEnd('silence');
    clock.advance(29_999);
    expect(disconnects(events)).toEqual([]);
    clock.advance(1);
    expect(disconnects(events)).toEqual([[30_020, 'silence']]);
  });

  it('silence that ends in time is no disconnect', async () => {
    const p = us();
    p.disconnect.cues = [...p.disconnect.cues, 'silence'];
    const { clock, port, events } = await rawSeized(p);
    port.push({ type: 'tone', tone: 'silence', on: true });
    clock.advance(10_000);
    port.push({ type: 'tone', tone: 'silence', on: false });
    clock.advance(60_000);
    expect(disconnects(events)).toEqual([]);
  });

  it('busy tone cadences too far apart do not add up', async () => {
    const { clock, port, events } = await rawSeized();
    for (let i = 0; i < 6; i++) {
      port.push({ type: 'tone', tone: 'busy', on: true });
      clock.advance(2001); // two busy periods (1000 ms) + 1
    }
    expect(disconnects(events)).toEqual([]);
  });

  it('uses only cues both the profile and the port have', async () => {
    const a = await seized(us(), { caps: { disconnect: ['busyTone'] } });
    a.line.hangupFarEnd('polarity');
    expect(disconnects(a.events)).toEqual([]);
    const b = await seized(); // us profile has no silence cue
    b.line.hangupFarEnd('silence');
    b.clock.advance(60_000);
    expect(disconnects(b.events)).toEqual([]);
  });

  it('maximum call duration', async () => {
    const { clock, events } = await seized();
    clock.advance(14_400_000 - 1);
    expect(disconnects(events)).toEqual([]);
    clock.advance(1);
    expect(disconnects(events)).toEqual([[14_400_020, 'maxDuration']]);
  });

  it('the first cue wins, once per seizure; on-hook clears everything', async () => {
    const { clock, line, sup, events } = await seized();
    clock.advance(2000);
    line.hangupFarEnd('busyTone'); // 4th busy at 5020
    clock.advance(4000);
    line.hangupFarEnd('polarity');
    expect(disconnects(events)).toEqual([[5020, 'busyTone']]);
    const hook = line.onHook();
    clock.advance(20);
    await hook;
    clock.advance(20_000_000);
    expect(disconnects(events)).toHaveLength(1);
    await sup.close();
    expect(clock.pendingCount).toBe(0);
  });

  it('ignores polarity and loop events on-hook (UK caller-ID alert)', async () => {
    const { port, events } = await rawSeized();
    await port.onHook();
    port.push({ type: 'polarityReversal' });
    port.push({ type: 'loopCurrentDrop', ms: 5000 });
    expect(disconnects(events)).toEqual([]);
  });
});
