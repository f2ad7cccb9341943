import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CountryProfile, FxoEvent } from '../contracts/index.js';
import { RawFxoPort } from '../sim/RawFxoPort.js';
import { SimFxoPort } from '../sim/SimFxoPort.js';
import { SimulatedClock } from '../sim/SimulatedClock.js';
import { FxoSupervisor } from './FxoSupervisor.js';

const profile = (cc: string): CountryProfile =>
  JSON.parse(readFileSync(new URL(`../../boards/profiles/${cc}.json`, import.meta.url), 'utf8')) as CountryProfile;

const brief = (events: FxoEvent[]) =>
  events.flatMap((e): Array<[number, string, unknown?]> =>
    e.type === 'ringing' ? [[e.t, 'ringing', e.cadence]] : e.type === 'callerId' ? [[e.t, 'callerId', e.number ?? e.numberAbsent]] : []);

async function rig(cc: string) {
  const clock = new SimulatedClock();
  const p = profile(cc);
  const line = new SimFxoPort({ line: 'line1', clock, profile: p });
  const raw = new RawFxoPort('line2', () => clock.now());
  const sup = new FxoSupervisor({ port: line, clock, profile: p });
  const rawSup = new FxoSupervisor({ port: raw, clock, profile: p });
  const events: FxoEvent[] = [];
  const rawEvents: FxoEvent[] = [];
  sup.on('event', (e) => events.push(e));
  rawSup.on('event', (e) => rawEvents.push(e));
  await sup.open();
  await rawSup.open();
  return { clock, line, raw, sup, rawSup, events, rawEvents };
}

describe('FxoSupervisor caller ID', () => {
  it('us (Bell 202 after ring 1): passes through during ringing, with its fields', async () => {
    const { clock, line, events } = await rig('us');
    line.ring({ callerId: { number: '5551234', name: 'DOE JOHN' } });
    clock.advance(6000);
    expect(brief(events)).toEqual([[200, 'ringing', null], [3220, 'callerId', '5551234'], [6000, 'ringing', 'normal']]);
    expect(events.find((e) => e.type === 'callerId')).toEqual({ t: 3220, type: 'callerId', standard: 'bell202', number: '5551234', name: 'DOE JOHN' });
  });

  it('gb (V.23 before ring 1): held, then emitted right after ringing', async () => {
    const { clock, line, events } = await rig('gb');
    line.ring({ callerId: { absent: 'P' } });
    clock.advance(1100);
    expect(brief(events)).toEqual([]);
    clock.advance(100);
    expect(brief(events)).toEqual([[1200, 'ringing', null], [1200, 'callerId', 'P']]);
    expect(events.some((e) => e.type === 'polarityReversal')).toBe(false);
  });

  it('se (DTMF before ring 1): held the same way', async () => {
    const { clock, line, events } = await rig('se');
    line.ring({ callerId: { number: '0812345' } });
    clock.advance(1200);
    expect(brief(events)).toEqual([[1200, 'ringing', null], [1200, 'callerId', '0812345']]);
  });

  it('drops a held caller ID when ringing does not start within holdMs', async () => {
    const { clock, raw, rawSup, rawEvents } = await rig('gb');
    raw.push({ type: 'callerId', standard: 'v23-uk', number: '01632960000' });
    clock.advance(10_001);
    raw.push({ type: 'ringBurst', on: true });
    clock.advance(400);
    expect(brief(rawEvents)).toEqual([[10_201, 'ringing', null]]);
    expect(rawSup.callerIdDropped).toBe(1);
  });

  it('keeps a held caller ID when the first burst starts within holdMs, even if validated after it', async () => {
    const { clock, raw, rawEvents } = await rig('gb');
    raw.push({ type: 'callerId', standard: 'v23-uk', number: '01632960000' });
    clock.advance(9_950);
    raw.push({ type: 'ringBurst', on: true });
    clock.advance(400);
    expect(brief(rawEvents)).toEqual([[10_150, 'ringing', null], [10_150, 'callerId', '01632960000']]);
  });

  it('a held caller ID does not survive a burst that turns out a glitch', async () => {
    const { clock, raw, rawSup, rawEvents } = await rig('gb');
    raw.push({ type: 'callerId', standard: 'v23-uk', number: '01632960000' });
    clock.advance(9_950);
    raw.push({ type: 'ringBurst', on: true });
    clock.advance(100);
    raw.push({ type: 'ringBurst', on: false });
    clock.advance(1000);
    raw.push({ type: 'ringBurst', on: true });
    clock.advance(400);
    expect(brief(rawEvents)).toEqual([[11_250, 'ringing', null]]);
    expect(rawSup.callerIdDropped).toBe(1);
  });

  it('passes one caller ID per call; the next call gets its own', async () => {
    const { clock, raw, rawSup, rawEvents } = await rig('us');
    raw.push({ type: 'ringBurst', on: true });
    clock.advance(2000);
    raw.push({ type: 'ringBurst', on: false });
    raw.push({ type: 'callerId', standard: 'bell202', number: '1' });
    raw.push({ type: 'callerId', standard: 'bell202', number: '1' });
    clock.advance(6000); // ringingStopped
    raw.push({ type: 'ringBurst', on: true });
    clock.advance(2000);
    raw.push({ type: 'ringBurst', on: false });
    raw.push({ type: 'callerId', standard: 'bell202', number: '2' });
    expect(brief(rawEvents)).toEqual([[200, 'ringing', null], [2000, 'callerId', '1'], [8200, 'ringing', null], [10_000, 'callerId', '2']]);
    expect(rawSup.callerIdDropped).toBe(1);
  });

  it('passes caller ID unchanged while off-hook (call waiting)', async () => {
    const { raw, rawEvents } = await rig('us');
    await raw.offHook();
    raw.push({ type: 'callerId', standard: 'bell202', number: '3' });
    expect(brief(rawEvents)).toEqual([[0, 'callerId', '3']]);
  });
});
