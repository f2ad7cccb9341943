import { describe, expect, it } from 'vitest';
import { CoreHarness } from '../support/CoreHarness.js';
import { fixture } from '../support/coreFixture.js';
import type { FixtureSpec } from '../support/coreFixture.js';

const DOE = { number: '5551234', name: 'DOE JOHN' };

/** A answered L1 at t=0 (the harness's zero is the answer). */
function aOnL1(spec: FixtureSpec = {}): CoreHarness {
  const h = new CoreHarness(fixture(spec));
  h.at(0).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' });
  return h;
}

describe('sla.md §7 connected calls', () => {
  it('S18 Barge allowed: join tone to A and the caller, then B connected', () => {
    const h = aOnL1();
    h.at(2).st('b', { type: 'station.lineKey', line: 'l1' });
    const order = h.since(2).filter((e) => e.type === 'toneJoin' || e.type === 'audioConnect').map((e) => e.type);
    expect(order).toEqual(['toneJoin', 'audioConnect']);
    expect(h.lamps('l1')).toEqual(['in-use-mine', 'in-use-mine', 'in-use-other']);
  });

  it('S19 Barge refused: barge false, B refused busy, nothing else changes', () => {
    const h = aOnL1({ line: { l1: { barge: false } } });
    h.at(2).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('b')).toEqual(['busy']);
    expect(h.since(2).filter((e) => e.type !== 'refuse')).toEqual([]);
  });

  it('S26 Last station hangs up: port on-hook, lamps idle; with two on the line the other stays', () => {
    const h = aOnL1();
    h.at(5).st('a', { type: 'station.hangup', line: 'l1' });
    expect(h.port('l1')).toBe('on');
    expect(h.lamps('l1')).toEqual(['idle', 'idle', 'idle']);
    const g = aOnL1();
    g.at(2).st('b', { type: 'station.lineKey', line: 'l1' });
    g.at(5).st('a', { type: 'station.hangup', line: 'l1' });
    expect(g.port('l1')).toBe('off');
    expect(g.lamps('l1')).toEqual(['in-use-other', 'in-use-mine', 'in-use-other']);
  });

  it('S27 Far end hangs up: both legs end, port on-hook, lamps idle', () => {
    const h = aOnL1();
    h.at(2).st('b', { type: 'station.lineKey', line: 'l1' });
    h.at(9).send({ type: 'fxo.disconnect', line: 'l1', by: 'loopCurrent' });
    expect(h.of('legEnd', 9).map((e) => e.station).sort()).toEqual(['a', 'b']);
    expect(h.port('l1')).toBe('on');
    expect(h.lamps('l1')).toEqual(['idle', 'idle', 'idle']);
    expect(h.ended()).toMatchObject([{ outcome: 'completed', answeredBy: 'a' }]);
  });

  it('S28 Ring on a line in use: no call, nobody alerted, no lamp change, logged', () => {
    const h = aOnL1();
    h.at(3).ring('l1', { number: '777' });
    expect(h.since(3).map((e) => e.type)).toEqual(['note']);
    expect(h.of('note', 3)[0]?.event).toBe('ring-on-busy-line');
    expect(h.ks.lineContext('l1')?.call?.id).toBe('l1-1');
  });

  it('S39 Auto hold: A on L1 presses ringing L2: L1 held by A with music, A on L2; with autoHold false A leaves L1', () => {
    const h = aOnL1();
    h.at(3).ring('l2', { number: '2' });
    h.at(4).st('a', { type: 'station.lineKey', line: 'l2' });
    expect(h.ks.lamp('a', 'l1')).toBe('held-mine');
    expect(h.of('mohStart')).toMatchObject([{ line: 'l1' }]);
    expect(h.ks.lineContext('l2')?.call?.connected).toEqual(['a']);

    const g = aOnL1({ station: { a: { autoHold: false } } });
    g.at(3).ring('l2', { number: '2' });
    g.at(4).st('a', { type: 'station.lineKey', line: 'l2' });
    expect(g.ks.lineState('l1')).toBe('idle');
    expect(g.ended()).toMatchObject([{ id: 'l1-1', outcome: 'completed' }]);
    expect(g.ks.lineContext('l2')?.call?.connected).toEqual(['a']);
  });

  it('S46 Take back a forwarded call: the forward leg ends and B is connected; with barge false refused busy', () => {
    const fwd = { ringTimeout: 20, noAnswer: { kind: 'forward', target: 'sip:vm@pbx' } };
    const h = new CoreHarness(fixture({ line: { l1: fwd } }));
    h.at(0).ring('l1', DOE);
    h.at(21).send({ type: 'forward.answered', line: 'l1' });
    h.at(30).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.of('forwardEnd')).toHaveLength(1);
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['b']);
    expect(h.of('portOffHook')).toHaveLength(1);
    h.at(40).st('b', { type: 'station.hangup', line: 'l1' });
    expect(h.ended()).toMatchObject([{ outcome: 'completed' }]);

    const g = new CoreHarness(fixture({ line: { l1: { ...fwd, barge: false } } }));
    g.at(0).ring('l1', DOE);
    g.at(21).send({ type: 'forward.answered', line: 'l1' });
    g.at(30).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(g.refusals('b')).toEqual(['busy']);
    expect(g.ks.lineState('l1')).toBe('forwarded');
  });

  it('S47 Conference size: maxConnected 2 with A and B on it; C refused busy', () => {
    const h = aOnL1({ line: { l1: { maxConnected: 2 } } });
    h.at(2).st('b', { type: 'station.lineKey', line: 'l1' });
    h.at(3).st('c', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('c')).toEqual(['busy']);
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a', 'b']);
  });

  it('S50 Answer while forwarding: the forward attempt is cancelled, the port goes off-hook, A connected', () => {
    const h = new CoreHarness(fixture({ line: { l1: { ringTimeout: 20, noAnswer: { kind: 'forward', target: 'sip:vm@pbx' } } } }));
    h.at(0).ring('l1', DOE);
    h.at(21).st('a', { type: 'station.lineKey', line: 'l1' });
    const order = h.since(21).filter((e) => ['forwardEnd', 'portOffHook', 'audioConnect'].includes(e.type)).map((e) => e.type);
    expect(order).toEqual(['forwardEnd', 'portOffHook', 'audioConnect']);
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a']);
  });
});
