import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeviceError } from '../contracts/index.js';
import type { CountryProfile, FxoEvent } from '../contracts/index.js';
import { advanceSettled } from '../sim/advanceSettled.js';
import { RawFxoPort } from '../sim/RawFxoPort.js';
import { SimFxoPort } from '../sim/SimFxoPort.js';
import { SimulatedClock } from '../sim/SimulatedClock.js';
import { FxoSupervisor } from './FxoSupervisor.js';

const us = (): CountryProfile =>
  JSON.parse(readFileSync(new URL('../../boards/profiles/us.json', import.meta.url), 'utf8')) as CountryProfile;

async function rig() {
  const clock = new SimulatedClock();
  const line = new SimFxoPort({ line: 'line1', clock, profile: us() });
  const opens: number[] = [];
  const open = line.open.bind(line);
  line.open = () => {
    opens.push(clock.now());
    return open();
  };
  const sup = new FxoSupervisor({ port: line, clock, profile: us() });
  const events: FxoEvent[] = [];
  sup.on('event', (e) => events.push(e));
  await sup.open();
  return { clock, line, sup, events, opens };
}

const deviceEvents = (events: FxoEvent[]) => events.flatMap((e) => (e.type === 'device' ? [[e.t, e.up] as const] : []));

describe('FxoSupervisor device supervision', () => {
  it('mirrors ready and lost as device {up}', async () => {
    const { clock, line, events } = await rig();
    clock.advance(500);
    line.unplug();
    expect(deviceEvents(events)).toEqual([[0, true], [500, false]]);
  });

  it('reopens after 1 s, 2 s, 4 s … 30 s until it succeeds, then starts over', async () => {
    const { clock, line, events, opens } = await rig();
    line.unplug();
    await advanceSettled(clock, 80_000);
    expect(opens).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 61_000]);
    line.replug();
    await advanceSettled(clock, 30_000);
    expect(opens.at(-1)).toBe(91_000);
    expect(deviceEvents(events)).toEqual([[0, true], [0, false], [91_000, true]]);
    expect(clock.pendingCount).toBe(0);

    line.unplug(); // at 110 000
    await advanceSettled(clock, 1000);
    expect(opens.at(-1)).toBe(111_000);
  });

  it('forgets a ringing call when the device is lost (no ringingStopped)', async () => {
    const { clock, line, events } = await rig();
    line.ring();
    clock.advance(3000);
    line.unplug();
    clock.advance(20_000);
    expect(events.map((e) => e.type)).toEqual(['device', 'ringing', 'device']);
  });

  it('passes hook, battery, tone, dtmf and line through unchanged', async () => {
    const clock = new SimulatedClock();
    const port = new RawFxoPort('line1', () => clock.now());
    const sup = new FxoSupervisor({ port, clock, profile: us() });
    const events: FxoEvent[] = [];
    sup.on('event', (e) => events.push(e));
    await sup.open();
    const raw: FxoEvent[] = [
      { t: 0, type: 'battery', present: false },
      { t: 0, type: 'tone', tone: 'dial', on: true },
      { t: 0, type: 'dtmf', digit: '5', ms: 90 },
      { t: 0, type: 'line', volts: 48 },
      { t: 0, type: 'hook', offHook: true, cause: 'failsafe' },
    ];
    for (const ev of raw) port.push(ev);
    expect(events.slice(1)).toEqual(raw);
  });

  it('keeps retrying an initial open that fails, and rejects it with the DeviceError', async () => {
    const clock = new SimulatedClock();
    const port = new RawFxoPort('line1', () => clock.now());
    port.failOpen = new DeviceError('NOT_FOUND', 'absent', port.id);
    const sup = new FxoSupervisor({ port, clock, profile: us() });
    await expect(sup.open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await advanceSettled(clock, 3000);
    expect(port.opens).toBe(3);
    port.failOpen = null;
    await advanceSettled(clock, 4000);
    expect(port.opens).toBe(4);
    expect(port.health).toBe('ready');
  });

  it('close() cancels timers and the reopen sequence, puts the line on-hook and emits nothing more', async () => {
    const { clock, line, sup, events, opens } = await rig();
    const hook = line.offHook();
    clock.advance(20);
    await hook;
    line.unplug();
    await sup.close();
    const before = events.length;
    await advanceSettled(clock, 120_000);
    expect(opens).toEqual([0]);
    expect(events).toHaveLength(before);
    expect(clock.pendingCount).toBe(0);
    expect(line.hook).toBe('on');
  });

  it('close() on a live line: the port goes on-hook first, no timers left', async () => {
    const { clock, line, sup } = await rig();
    line.ring();
    const hook = line.offHook();
    clock.advance(20);
    await hook;
    await sup.close();
    expect(line.hook).toBe('on');
    expect(line.health).toBe('closed');
    expect(clock.pendingCount).toBe(0);
  });
});
