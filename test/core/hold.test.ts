import { describe, expect, it } from 'vitest';
import { CoreHarness } from '../support/CoreHarness.js';
import { fixture } from '../support/coreFixture.js';
import type { FixtureSpec } from '../support/coreFixture.js';

const DOE = { number: '5551234', name: 'DOE JOHN' };

/** A answers L1 before the scenario's zero and holds it at t=0, as in S30-S33. */
function aHoldsL1(spec: FixtureSpec = {}, exclusive = false): CoreHarness {
  const h = new CoreHarness(fixture(spec));
  h.at(0).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' });
  h.st('a', { type: 'station.hold', exclusive });
  return h;
}

describe('sla.md §8 hold', () => {
  it('S20 Hold and resume: held-mine/held-other with music, A not busy; resume stops music; the L1 key makes a new leg', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' });
    h.at(5).st('a', { type: 'station.hold', line: 'l1' });
    expect(h.of('legEnd')).toEqual([]);
    expect(h.ks.isBusy('a')).toBe(false);
    expect(h.port('l1')).toBe('off');
    expect(h.of('mohStart')).toMatchObject([{ line: 'l1', source: 'default' }]);
    expect(h.lamps('l1')).toEqual(['held-mine', 'held-other', 'held-other']);
    h.at(8).st('a', { type: 'station.resume', line: 'l1' });
    expect(h.of('mohStop')).toHaveLength(1);
    expect(h.lamps('l1')).toEqual(['in-use-mine', 'in-use-other', 'in-use-other']);
    expect(h.of('legEnd')).toEqual([]);
    h.at(10).st('a', { type: 'station.hold', line: 'l1' });
    h.at(12).st('a', { type: 'station.lineKey', line: 'l1' });
    expect(h.of('legEnd', 12)).toMatchObject([{ station: 'a', line: 'l1' }]);
    expect(h.of('audioConnect', 12)).toMatchObject([{ station: 'a', line: 'l1' }]);
  });

  it('S21 Open hold picked up: B connected, music stops, A’s held leg ends', () => {
    const h = aHoldsL1();
    h.at(5).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['b']);
    expect(h.of('mohStop', 5)).toHaveLength(1);
    expect(h.of('legEnd', 5)).toMatchObject([{ station: 'a' }]);
    expect(h.lamps('l1')).toEqual(['in-use-other', 'in-use-mine', 'in-use-other']);
  });

  it('S22 Private hold (line): private lamps; B refused private; A resumes', () => {
    const h = aHoldsL1({ line: { l1: { hold: 'private' } } });
    expect(h.lamps('l1')).toEqual(['held-private-mine', 'held-private-other', 'held-private-other']);
    h.at(3).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('b')).toEqual(['private']);
    h.st('a', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a']);
  });

  it('S23 Private hold (station): C private holds an open line; A and B both refused private, whatever the order', () => {
    for (const order of [['a', 'b', 'c'], ['c', 'b', 'a']]) {
      const h = new CoreHarness(fixture({ stations: order, station: { c: { hold: 'private' } } }));
      h.at(0).ring('l1', DOE).st('c', { type: 'station.answer', line: 'l1' });
      h.st('c', { type: 'station.hold' });
      h.at(2).st('a', { type: 'station.lineKey', line: 'l1' }).st('b', { type: 'station.lineKey', line: 'l1' });
      expect(h.refusals('a')).toEqual(['private']);
      expect(h.refusals('b')).toEqual(['private']);
      h.st('c', { type: 'station.lineKey', line: 'l1' });
      expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['c']);
    }
  });

  it('S24 Caller hangs up while held: held leg ends, music stops, port on-hook, lamps idle; next press seizes', () => {
    const h = aHoldsL1({ line: { l1: { hold: 'private' } } });
    h.at(5).send({ type: 'fxo.disconnect', line: 'l1', by: 'polarity' });
    expect(h.of('legEnd', 5)).toMatchObject([{ station: 'a' }]);
    expect(h.of('mohStop', 5)).toHaveLength(1);
    expect(h.port('l1')).toBe('on');
    expect(h.lamps('l1')).toEqual(['idle', 'idle', 'idle']);
    h.at(10).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.seizer).toBe('b');
    expect(h.refusals('b')).toEqual([]);
  });

  it('S25 Hold in a 3-way call: B talks on without music; B hangs up: held by A, music, recall from then', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' });
    h.at(2).st('b', { type: 'station.lineKey', line: 'l1' });
    h.at(3).st('a', { type: 'station.hold' });
    expect(h.of('mohStart')).toEqual([]);
    expect(h.lamps('l1')).toEqual(['held-mine', 'in-use-mine', 'in-use-other']);
    h.at(10).st('b', { type: 'station.hangup', line: 'l1' });
    expect(h.port('l1')).toBe('off');
    expect(h.ks.lineState('l1')).toBe('held.waiting');
    expect(h.of('mohStart')).toHaveLength(1);
    expect(h.lamps('l1')).toEqual(['held-mine', 'held-other', 'held-other']);
    h.at(69.9);
    expect(h.ks.lineState('l1')).toBe('held.waiting');
    h.at(70);
    expect(h.ks.lineState('l1')).toBe('held.recall');
  });

  it('S30 Hold recall: at 60 A is recalled (recall/held-other); A answers at 70 and music stops', () => {
    const h = aHoldsL1();
    h.at(59.9);
    expect(h.of('alertStart')).toHaveLength(3); // the original ring only
    h.at(60);
    expect(h.of('alertStart', 60)).toMatchObject([{ alert: { station: 'a', kind: 'recall', line: 'l1' } }]);
    expect(h.lamps('l1')).toEqual(['recall', 'held-other', 'held-other']);
    h.at(70).st('a', { type: 'station.offHook' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a']);
    expect(h.of('mohStop', 70)).toHaveLength(1);
  });

  it('S31 Recall escalation: at 90 B and C are recalled too; B answers at 95, A’s held leg ends, all recalls stop', () => {
    const h = aHoldsL1();
    h.at(90);
    expect(h.of('alertStart', 90).map((e) => e.alert.station).sort()).toEqual(['b', 'c']);
    expect(h.lamps('l1')).toEqual(['recall', 'recall', 'recall']);
    h.at(95).st('b', { type: 'station.answer', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['b']);
    expect(h.of('legEnd', 95)).toMatchObject([{ station: 'a' }]);
    expect(h.of('alertStop', 95)).toHaveLength(3);
  });

  it('S32 Private hold recall: B refused; at 90 only A is recalled; at 120 the hold opens and B can pick up', () => {
    const h = aHoldsL1({}, true);
    h.at(1).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('b')).toEqual(['private']);
    h.at(60);
    expect(h.of('alertStart', 1)).toEqual([]);
    h.at(90);
    expect(h.of('alertStart', 90).map((e) => e.alert.station)).toEqual(['a']);
    h.at(120);
    expect(h.of('alertStart', 120).map((e) => e.alert.station).sort()).toEqual(['b', 'c']);
    h.at(121).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['b']);
  });

  it('S33 Held call dropped: recalls off, released at 1800 with dropped-on-hold', () => {
    const h = aHoldsL1({ line: { l1: { holdRecall: 0, privateHoldRecall: 0 } } });
    h.at(1799.999);
    expect(h.ks.lineState('l1')).toBe('held.waiting');
    h.at(1800);
    expect(h.of('legEnd', 1800)).toMatchObject([{ station: 'a' }]);
    expect(h.lamps('l1')).toEqual(['idle', 'idle', 'idle']);
    expect(h.ended()).toMatchObject([{ outcome: 'dropped-on-hold' }]);
    expect(h.of('portOnHook').map((e) => e.t - h.zero)).toEqual([1_800_000]);
  });

  it('S37 Exclusive hold lamps: Hold pressed at 0 and 1 gives private lamps; B refused private', () => {
    const h = new CoreHarness(fixture());
    h.at(-0).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' });
    h.at(0).st('a', { type: 'station.hold' });
    expect(h.lamps('l1')).toEqual(['held-mine', 'held-other', 'held-other']);
    h.at(1).st('a', { type: 'station.hold' });
    expect(h.lamps('l1')).toEqual(['held-private-mine', 'held-private-other', 'held-private-other']);
    h.at(2).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('b')).toEqual(['private']);
    // A third press more than 3 s after the hold changes nothing.
    const g = new CoreHarness(fixture());
    g.at(0).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' }).st('a', { type: 'station.hold' });
    g.at(3.5).st('a', { type: 'station.hold' });
    expect(g.lamps('l1')).toEqual(['held-mine', 'held-other', 'held-other']);
  });

  it('S41 Holder ends the held call: the line is released', () => {
    const h = new CoreHarness(fixture({ station: { a: { kind: 'sip' } } }));
    h.at(0).ring('l1', DOE);
    h.st('a', { type: 'station.reachable', reachable: true }).st('a', { type: 'station.answer', line: 'l1' });
    h.at(2).st('a', { type: 'station.hold', line: 'l1' });
    h.at(4).st('a', { type: 'station.hangup', line: 'l1' });
    expect(h.port('l1')).toBe('on');
    expect(h.ks.lineState('l1')).toBe('idle');
    expect(h.of('mohStop')).toHaveLength(1);
  });

  it('S49 Recall of a busy holder: A on L2 at 60 is not alerted but its L1 lamp is recall; at 90 B and C are', () => {
    const h = aHoldsL1();
    h.at(30).ring('l2', { number: '2' }).st('a', { type: 'station.answer', line: 'l2' });
    h.at(60);
    expect(h.alerted('a', 'l1')).toBe(false);
    expect(h.ks.lamp('a', 'l1')).toBe('recall');
    h.at(90);
    expect(h.of('alertStart', 90).map((e) => e.alert.station).sort()).toEqual(['b', 'c']);
  });
});
