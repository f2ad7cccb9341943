import { describe, expect, it } from 'vitest';
import { CoreHarness } from '../support/CoreHarness.js';
import { fixture } from '../support/coreFixture.js';

const DOE = { number: '5551234', name: 'DOE JOHN' };

describe('sla.md §5-6 off-hook, seizure, glare', () => {
  it('S13 Off-hook seizure: A seizes its first idle line; on dial tone it is connected and digits pass', () => {
    const h = new CoreHarness(fixture());
    h.at(0).st('a', { type: 'station.offHook' });
    expect(h.ks.lineState('l1')).toBe('seizing');
    expect(h.lamps('l1')).toEqual(['seizing', 'in-use-other', 'in-use-other']);
    h.at(0.3).send({ type: 'fxo.dialTone', line: 'l1' });
    expect(h.ks.lamp('a', 'l1')).toBe('in-use-mine');
    expect(h.of('audioConnect')).toMatchObject([{ station: 'a', line: 'l1' }]);

    const d = new CoreHarness(fixture());
    d.at(0).st('a', { type: 'station.offHook', digits: '5550000' });
    d.at(0.3).send({ type: 'fxo.dialTone', line: 'l1' });
    expect(d.of('portDial')).toMatchObject([{ line: 'l1', digits: '5550000' }]);
  });

  it('S14 Off-hook while a line rings: C answers L1 by default; with idle-only it seizes L2', () => {
    const h = new CoreHarness(fixture({ station: { c: { ringDelay: 30 } } }));
    h.at(0).ring('l1', DOE);
    expect(h.ks.lamp('c', 'l1')).toBe('ringing-not-here');
    h.at(2).st('c', { type: 'station.offHook' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['c']);
    expect(h.ks.lineState('l2')).toBe('idle');

    const g = new CoreHarness(fixture({ station: { c: { ringDelay: 30, offHookPreference: 'idle-only' } } }));
    g.at(0).ring('l1', DOE);
    g.at(2).st('c', { type: 'station.offHook' });
    expect(g.ks.lineState('l1')).toBe('ringing.active');
    expect(g.ks.lineState('l2')).toBe('seizing');
    expect(g.ks.lineContext('l2')?.call?.seizer).toBe('c');
  });

  it('S15 All lines busy: off-hook refused no-line, no lamp changes', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE).st('b', { type: 'station.answer', line: 'l1' });
    h.ring('l2', { number: '2' }).st('c', { type: 'station.answer', line: 'l2' });
    h.at(5).st('c', { type: 'station.hold' });
    expect(h.ks.lineState('l2')).toBe('held.waiting');
    h.at(6).st('a', { type: 'station.offHook' });
    expect(h.refusals('a')).toEqual(['no-line']);
    expect(h.of('lamp', 6)).toEqual([]);
    expect(h.ks.isBusy('a')).toBe(true); // off-hook, hearing reorder
  });

  it('S16 Seizure fails: no dial tone by t=3, refused failed, port on-hook, lamps idle, seize-failed', () => {
    const h = new CoreHarness(fixture());
    h.at(0).st('a', { type: 'station.lineKey', line: 'l1' });
    expect(h.lamps('l1')).toEqual(['seizing', 'in-use-other', 'in-use-other']);
    h.at(0.1).send({ type: 'fxo.offHook', line: 'l1' });
    h.at(2.999);
    expect(h.ks.lineState('l1')).toBe('seizing');
    h.at(3);
    expect(h.refusals('a')).toEqual(['failed']);
    expect(h.port('l1')).toBe('on');
    expect(h.lamps('l1')).toEqual(['idle', 'idle', 'idle']);
    expect(h.ended()).toMatchObject([{ outcome: 'seize-failed', direction: 'out' }]);
    h.at(10).send({ type: 'fxo.health', line: 'l1', battery: false });
    expect(h.lamps('l1')).toEqual(['out-of-service', 'out-of-service', 'out-of-service']);
  });

  it('S17 Hang up while seizing: port on-hook at 0.5, nothing dialled, lamps idle, seize-abandoned', () => {
    const h = new CoreHarness(fixture());
    h.at(0).st('a', { type: 'station.offHook', digits: '123' });
    expect(h.port('l1')).toBe('off');
    h.at(0.5).st('a', { type: 'station.onHook' });
    expect(h.of('portOnHook').map((e) => e.t - h.zero)).toEqual([500]);
    expect(h.of('portDial')).toEqual([]);
    expect(h.lamps('l1')).toEqual(['idle', 'idle', 'idle']);
    expect(h.ended()).toMatchObject([{ outcome: 'seize-abandoned' }]);
  });

  it('S34 Glare: a ring during a seizure gives the seizer the caller once off-hook is confirmed', () => {
    const h = new CoreHarness(fixture());
    h.at(0).st('a', { type: 'station.lineKey', line: 'l1', digits: '5550000' });
    h.at(0.2).ring('l1', DOE);
    expect(h.ks.lineState('l1')).toBe('seizing');
    h.at(0.3).send({ type: 'fxo.offHook', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a']);
    expect(h.of('portDial')).toEqual([]);
    expect(h.of('alertStart')).toEqual([]);
    expect(h.lamps('l1')).toEqual(['in-use-mine', 'in-use-other', 'in-use-other']);
    expect(h.of('note').map((n) => n.event)).toContain('glare');
    h.at(20).send({ type: 'fxo.disconnect', line: 'l1', by: 'polarity' });
    expect(h.ended()).toMatchObject([{ direction: 'in', glare: true, callerId: DOE, outcome: 'completed' }]);
    expect(h.of('portOffHook')).toHaveLength(1);
  });

  it('S35 On-hook guard: pressing 0.3 s after hanging up shows seizing at once, port off-hook at 1.0', () => {
    const h = new CoreHarness(fixture());
    h.at(-5 + 5).st('a', { type: 'station.lineKey', line: 'l1' });
    h.send({ type: 'fxo.dialTone', line: 'l1' });
    h.at(10).st('a', { type: 'station.onHook' });
    h.at(10.3).st('a', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lamp('a', 'l1')).toBe('seizing');
    expect(h.port('l1')).toBe('on');
    h.at(10.999);
    expect(h.port('l1')).toBe('on');
    h.at(11);
    expect(h.port('l1')).toBe('off');
    expect(h.of('portOffHook', 10).map((e) => e.t - h.zero)).toEqual([11_000]);

    const g = new CoreHarness(fixture());
    g.at(0).st('a', { type: 'station.lineKey', line: 'l1' }).send({ type: 'fxo.dialTone', line: 'l1' });
    g.at(10).st('a', { type: 'station.onHook' });
    g.at(10.3).st('a', { type: 'station.lineKey', line: 'l1' });
    g.at(10.6).ring('l1', DOE);
    // Glare during the guard: the off-hook is sent at once.
    expect(g.of('portOffHook', 10).map((e) => e.t - g.zero)).toEqual([10_600]);
    g.send({ type: 'fxo.offHook', line: 'l1' });
    expect(g.ks.lineContext('l1')?.call?.glare).toBe(true);
  });

  it('S36 Key press during seizure: B refused busy, A unaffected, exactly one off-hook command', () => {
    const h = new CoreHarness(fixture());
    h.at(0).st('a', { type: 'station.lineKey', line: 'l1' });
    h.at(0.5).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('b')).toEqual(['busy']);
    expect(h.ks.lineContext('l1')?.call?.seizer).toBe('a');
    h.send({ type: 'fxo.dialTone', line: 'l1' });
    expect(h.of('portOffHook')).toHaveLength(1);
    expect(h.ks.lamp('a', 'l1')).toBe('in-use-mine');
  });

  it('S40 Out of service: lamps out-of-service; off-hook seizes L1; L2 press refused unavailable; battery back: idle', () => {
    const h = new CoreHarness(fixture());
    h.at(0).send({ type: 'fxo.health', line: 'l2', battery: false });
    expect(h.lamps('l2')).toEqual(['out-of-service', 'out-of-service', 'out-of-service']);
    h.st('b', { type: 'station.lineKey', line: 'l2' });
    expect(h.refusals('b')).toEqual(['unavailable']);
    h.st('a', { type: 'station.offHook' });
    expect(h.ks.lineContext('l1')?.call?.seizer).toBe('a');
    h.at(5).send({ type: 'fxo.health', line: 'l2', battery: true });
    expect(h.lamps('l2')).toEqual(['idle', 'idle', 'idle']);

    const g = new CoreHarness(fixture());
    g.at(0).ring('l2', DOE).st('a', { type: 'station.answer', line: 'l2' });
    g.at(3).send({ type: 'fxo.health', line: 'l2', battery: false });
    expect(g.of('legEnd')).toMatchObject([{ station: 'a', line: 'l2' }]);
    expect(g.ended()).toMatchObject([{ outcome: 'interrupted' }]);
    expect(g.port('l2')).toBe('on');
    expect(g.ks.lineState('l2')).toBe('out-of-service');
  });
});
