import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CountryProfile, FxoEvent } from '../contracts/index.js';
import { SimFxoPort } from './SimFxoPort.js';
import { SimulatedClock } from './SimulatedClock.js';

const profile = (cc: string): CountryProfile =>
  JSON.parse(readFileSync(new URL(`../../boards/profiles/${cc}.json`, import.meta.url), 'utf8')) as CountryProfile;

async function rig(cc = 'us') {
  const clock = new SimulatedClock();
  const line = new SimFxoPort({ line: 'line1', clock, profile: profile(cc) });
  const events: FxoEvent[] = [];
  line.on('event', (e) => events.push(e));
  await line.open();
  /** Runs a control to completion on the clock. */
  const run = async (p: Promise<void>, ms = 20) => {
    clock.advance(ms);
    await p;
  };
  return { clock, line, events, run };
}

const short = (events: FxoEvent[]) =>
  events.map((e) => {
    const { t, type, ...rest } = e;
    return [t, type, rest] as const;
  });

describe('SimFxoPort', () => {
  it('has honest capabilities for what it can produce', async () => {
    const { line } = await rig('gb');
    expect(line.caps).toMatchObject({
      ring: 'edges', callerId: { standards: ['v23-uk'], decodedBy: 'device' },
      disconnect: ['polarity', 'loopCurrent', 'busyTone', 'silence'], tones: ['dial', 'busy', 'reorder', 'silence'],
      audio: { encoding: 's16le', rateHz: 8000, frameMs: 20, duplex: true },
    });
    expect(line.audio()).not.toBeNull();
  });

  it('seizure: hook acknowledged after 20 ms, then dial tone ~300 ms later', async () => {
    const { clock, line, events, run } = await rig();
    await run(line.offHook());
    expect(line.hook).toBe('off');
    clock.advance(300);
    expect(short(events)).toEqual([
      [20, 'hook', { offHook: true, cause: 'command' }],
      [320, 'tone', { tone: 'dial', on: true }],
    ]);
  });

  it('a dead line gives no dial tone', async () => {
    const { clock, line, events, run } = await rig();
    line.setDialTone(false);
    await run(line.offHook());
    clock.advance(5000);
    expect(events.map((e) => e.type)).toEqual(['hook']);
  });

  it('offHook and onHook are idempotent', async () => {
    const { line, events, run } = await rig();
    await line.onHook();
    const a = line.offHook();
    expect(line.offHook()).toBe(a);
    await run(a);
    await line.offHook();
    expect(events.filter((e) => e.type === 'hook')).toHaveLength(1);
  });

  it('offHook fails with HW_FAULT without battery, DISCONNECTED when unplugged, INVALID_STATE when closed', async () => {
    const { line } = await rig();
    line.battery(false);
    await expect(line.offHook()).rejects.toMatchObject({ name: 'DeviceError', code: 'HW_FAULT' });
    line.battery(true);
    line.unplug();
    await expect(line.offHook()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await line.close();
    await expect(line.offHook()).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('dial: records digits at DTMF timing, stops dial tone at the first digit, resolves when sent', async () => {
    const { clock, line, events, run } = await rig();
    await run(line.offHook());
    clock.advance(400); // dial tone on at 320
    let done = false;
    const dialling = line.dial('12,3').then(() => { done = true; });
    clock.advance(90);
    expect(line.dialled).toBe('1');
    clock.advance(180);
    expect(line.dialled).toBe('12');
    clock.advance(90 + 2000 + 89); // digit 3 starts at 2360 (pause after the gap)
    expect(line.dialled).toBe('12');
    clock.advance(1);
    expect(line.dialled).toBe('123');
    clock.advance(89); // its gap ends at 2540
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await dialling;
    expect(done).toBe(true);
    expect(short(events).filter((e) => e[1] === 'tone')).toEqual([
      [320, 'tone', { tone: 'dial', on: true }],
      [420, 'tone', { tone: 'dial', on: false }],
    ]);
  });

  it('dial: pulse timing (breaks + makes, inter-digit pause)', async () => {
    const { clock, line, run } = await rig();
    await run(line.offHook());
    const dialling = line.dial('20', { mode: 'pulse' });
    clock.advance(199);
    expect(line.dialled).toBe('');
    clock.advance(1);
    expect(line.dialled).toBe('2');
    clock.advance(700 + 1000);
    expect(line.dialled).toBe('20');
    clock.advance(700);
    await dialling;
  });

  it('dial: misuse throws at once naming the parameter; runtime states reject', async () => {
    const { line, run } = await rig();
    expect(() => line.dial('12x')).toThrow(/digits/);
    expect(() => line.dial('*', { mode: 'pulse' })).toThrow(/digits/);
    expect(() => line.dial('1', { mode: 'tone' as 'dtmf' })).toThrow(/opts\.mode/);
    await expect(line.dial('1')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await run(line.offHook());
    const first = line.dial('1');
    await expect(line.dial('2')).rejects.toMatchObject({ code: 'BUSY' });
    await run(first, 180);
  });

  it('flash: only off-hook, profile length by default, recorded, acknowledged with a flash hook event', async () => {
    const { line, events, run } = await rig();
    await expect(line.flash()).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(() => line.flash(-5)).toThrow(/ms/);
    await run(line.offHook());
    await run(line.flash(), 600);
    await run(line.flash(100), 100);
    expect(line.flashes).toEqual([600, 100]);
    expect(short(events).filter((e) => e[1] === 'hook').slice(1)).toEqual([
      [620, 'hook', { offHook: true, cause: 'flash' }],
      [720, 'hook', { offHook: true, cause: 'flash' }],
    ]);
  });

  it('us ring with caller ID: bursts from the cadence, caller ID in the first silent interval', async () => {
    const { clock, line, events } = await rig('us');
    line.ring({ bursts: 2, callerId: { number: '5551234', name: 'DOE JOHN' } });
    clock.advance(20_000);
    expect(short(events)).toEqual([
      [0, 'ringBurst', { on: true }],
      [2000, 'ringBurst', { on: false, ms: 2000 }],
      [3220, 'callerId', { standard: 'bell202', number: '5551234', name: 'DOE JOHN' }],
      [6000, 'ringBurst', { on: true }],
      [8000, 'ringBurst', { on: false, ms: 2000 }],
    ]);
  });

  it('gb ring with caller ID: polarity reversal, caller ID, then ring 1 ≥ 200 ms later', async () => {
    const { clock, line, events } = await rig('gb');
    line.ring({ bursts: 2, callerId: { absent: 'O' } });
    clock.advance(5000);
    expect(short(events)).toEqual([
      [0, 'polarityReversal', {}],
      [700, 'callerId', { standard: 'v23-uk', numberAbsent: 'O', nameAbsent: 'O' }],
      [1000, 'ringBurst', { on: true }],
      [1400, 'ringBurst', { on: false, ms: 400 }],
      [1600, 'ringBurst', { on: true }],
      [2000, 'ringBurst', { on: false, ms: 400 }],
    ]);
  });

  it('ring: misuse throws naming the parameter', async () => {
    const { line, run } = await rig();
    expect(() => line.ring({ cadence: 'nope' })).toThrow(/cadence/);
    expect(() => line.ring({ bursts: 0 })).toThrow(/bursts/);
    await run(line.offHook());
    expect(() => line.ring()).toThrow(/off-hook/);
  });

  it('answering stops ringing: the burst ends, then the hook event; no dial tone', async () => {
    const { clock, line, events, run } = await rig();
    line.ring();
    clock.advance(500);
    await run(line.offHook());
    clock.advance(10_000);
    expect(short(events)).toEqual([
      [0, 'ringBurst', { on: true }],
      [520, 'ringBurst', { on: false, ms: 520 }],
      [520, 'hook', { offHook: true, cause: 'command' }],
    ]);
  });

  it('hangupFarEnd produces the raw cue a real driver reports', async () => {
    const { clock, line, events, run } = await rig();
    await run(line.offHook());
    line.setDialTone(false);
    line.answerFarEnd();
    line.hangupFarEnd('polarity');
    line.hangupFarEnd('loopCurrent');
    line.hangupFarEnd('silence');
    clock.advance(300);
    expect(short(events).slice(1)).toEqual([
      [20, 'polarityReversal', {}],
      [20, 'tone', { tone: 'silence', on: true }],
      [320, 'loopCurrentDrop', { ms: 300 }],
    ]);
  });

  it('busy tone repeats with the profile cadence until on-hook', async () => {
    const { clock, line, events, run } = await rig('gb');
    await run(line.offHook());
    line.setDialTone(false);
    line.hangupFarEnd('busyTone');
    clock.advance(1500);
    expect(short(events).slice(1)).toEqual([
      [20, 'tone', { tone: 'busy', on: true }],
      [395, 'tone', { tone: 'busy', on: false }],
      [770, 'tone', { tone: 'busy', on: true }],
      [1145, 'tone', { tone: 'busy', on: false }],
      [1520, 'tone', { tone: 'busy', on: true }],
    ]);
    await run(line.onHook());
    const n = events.length;
    clock.advance(10_000);
    expect(events).toHaveLength(n);
  });

  it('sendDtmf: digits from the far end at DTMF timing', async () => {
    const { clock, line, events, run } = await rig();
    expect(() => line.sendDtmf('1')).toThrow(/on-hook/);
    await run(line.offHook());
    line.setDialTone(false);
    expect(() => line.sendDtmf('1,')).toThrow(/digits/);
    line.sendDtmf('9#');
    clock.advance(1000);
    expect(short(events).slice(1)).toEqual([[110, 'dtmf', { digit: '9', ms: 90 }], [290, 'dtmf', { digit: '#', ms: 90 }]]);
  });

  it('battery loss: event, ringing stops', async () => {
    const { clock, line, events } = await rig();
    line.ring();
    clock.advance(100);
    line.battery(false);
    line.battery(false);
    clock.advance(10_000);
    expect(short(events)).toEqual([
      [0, 'ringBurst', { on: true }],
      [100, 'ringBurst', { on: false, ms: 100 }],
      [100, 'battery', { present: false }],
    ]);
  });

  it('unplug: lost once (DISCONNECTED), on-hook, silent; open fails until replugged', async () => {
    const { clock, line, events, run } = await rig();
    const lost: unknown[] = [];
    let ready = 0;
    line.on('lost', (e) => lost.push(e)).on('ready', () => ready++);
    await run(line.offHook());
    const pending = line.dial('123');
    line.unplug();
    line.unplug();
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(lost).toEqual([expect.objectContaining({ code: 'DISCONNECTED' })]);
    expect(line.hook).toBe('on');
    expect(line.health).toBe('lost');
    const n = events.length;
    clock.advance(10_000);
    expect(events).toHaveLength(n);
    await expect(line.open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    line.replug();
    expect(line.health).toBe('lost');
    await line.open();
    expect(line.health).toBe('ready');
    expect(ready).toBe(1);
  });

  it('close: on-hook first (hook event), nothing after, no timers left', async () => {
    const { clock, line, events, run } = await rig();
    await run(line.offHook());
    line.sendDtmf('123');
    await line.close();
    await line.close();
    expect(events.at(-1)).toMatchObject({ type: 'hook', offHook: false });
    expect(line.hook).toBe('on');
    expect(clock.pendingCount).toBe(0);
  });

  it('hook commands queue: off then on resolve in order', async () => {
    const { clock, line, events } = await rig();
    const off = line.offHook();
    const on = line.onHook();
    clock.advance(40);
    await off;
    await on;
    expect(short(events)).toEqual([
      [20, 'hook', { offHook: true, cause: 'command' }],
      [40, 'hook', { offHook: false, cause: 'command' }],
    ]);
    expect(clock.pendingCount).toBe(0);
  });
});
