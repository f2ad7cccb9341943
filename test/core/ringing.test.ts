import { describe, expect, it } from 'vitest';
import { CoreHarness } from '../support/CoreHarness.js';
import { fixture } from '../support/coreFixture.js';

const DOE = { number: '5551234', name: 'DOE JOHN' };

describe('sla.md §4 ringing', () => {
  it('S1 Inbound ring: every station alerted at t=0 with caller ID, port stays on-hook', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE);
    const starts = h.of('alertStart');
    expect(starts.map((e) => e.alert.station).sort()).toEqual(['a', 'b', 'c']);
    expect(starts.every((e) => e.alert.callerId?.number === '5551234' && e.alert.callerId.name === 'DOE JOHN' && e.alert.kind === 'ring')).toBe(true);
    expect(h.lamps('l1')).toEqual(['ringing-here', 'ringing-here', 'ringing-here']);
    expect(h.of('portOffHook')).toEqual([]);
    expect(h.port('l1')).toBe('on');
  });

  it('S2 Answer: port off-hook at the answer, not before; the other alerts stop', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE);
    h.at(4.999);
    expect(h.of('portOffHook')).toEqual([]);
    h.at(5).st('b', { type: 'station.answer', line: 'l1' });
    expect(h.of('portOffHook').map((e) => e.t - h.zero)).toEqual([5000]);
    expect(h.of('audioConnect')).toMatchObject([{ station: 'b', line: 'l1' }]);
    expect(h.of('alertStop', 5).map((e) => e.alert.station).sort()).toEqual(['a', 'b', 'c']);
    expect(h.lamps('l1')).toEqual(['in-use-other', 'in-use-mine', 'in-use-other']);
    expect(h.ks.status().lines[0]?.call?.connected).toEqual(['b']);
  });

  it('S3 Two lines ring: answering L2 gives L2; the L1 alert stops but its lamp stays ringing-here', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l2', { number: '1' });
    h.at(1).ring('l1', DOE);
    expect(h.alerted('a', 'l1')).toBe(true);
    h.st('a', { type: 'station.answer', line: 'l2' });
    expect(h.ks.lineContext('l2')?.call?.connected).toEqual(['a']);
    expect(h.alerted('a', 'l1')).toBe(false);
    expect(h.ks.lamp('a', 'l1')).toBe('ringing-here');
    expect(h.alerted('b', 'l1') && h.alerted('c', 'l1')).toBe(true);
  });

  it('S3 an off-hook by A answers L1, its highest-preference alerting line', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l2', { number: '1' });
    h.at(1).ring('l1', DOE);
    h.st('a', { type: 'station.offHook' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a']);
    expect(h.ks.lineState('l2')).toBe('ringing.active');
  });

  it('S4 Answer with the flashing key: pressing L2 answers L2, B and C keep ringing for L1', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE).ring('l2', { number: '2' });
    h.at(2).st('a', { type: 'station.lineKey', line: 'l2' });
    expect(h.ks.lineContext('l2')?.call?.connected).toEqual(['a']);
    const stopped = h.of('alertStop', 2).map((e) => `${e.alert.station}/${e.alert.line}`).sort();
    expect(stopped).toEqual(['a/l1', 'a/l2', 'b/l2', 'c/l2']);
    expect(h.alerted('b', 'l1') && h.alerted('c', 'l1')).toBe(true);
  });

  it('S5 Answer race: only the first answer connects; a later one is lost-race; a press after 1 s barges', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE);
    const call = h.ks.lineContext('l1')?.call?.id;
    h.at(3).st('a', { type: 'station.answer', line: 'l1', call }).st('b', { type: 'station.answer', line: 'l1', call });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a']);
    expect(h.refusals('b')).toEqual(['lost-race']);
    expect(h.of('audioConnect').map((e) => e.station)).toEqual(['a']);
    h.at(3.5).st('c', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('c')).toEqual(['lost-race']);
    h.at(4.5).st('c', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['a', 'c']);
    expect(h.of('toneJoin')).toHaveLength(1);
  });

  it('S6 Caller gives up: alerts stop, lamps idle, port never off-hook, abandoned', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE);
    h.at(12).send({ type: 'fxo.ringStopped', line: 'l1' });
    expect(h.of('alertStop', 12)).toHaveLength(3);
    expect(h.lamps('l1')).toEqual(['idle', 'idle', 'idle']);
    expect(h.of('portOffHook')).toEqual([]);
    expect(h.of('portOnHook')).toEqual([]);
    expect(h.ended()).toMatchObject([{ id: 'l1-1', outcome: 'abandoned', direction: 'in' }]);
    expect(h.ks.timerOf('l1')).toBeNull();
  });

  it('S7 Ring timeout, forward: the target is called at t=20; when it answers the port goes off-hook', () => {
    const h = new CoreHarness(fixture({ line: { l1: { ringTimeout: 20, noAnswer: { kind: 'forward', target: 'sip:vm@pbx' } } } }));
    h.at(0).ring('l1', DOE);
    h.at(19.999);
    expect(h.of('forwardStart')).toEqual([]);
    h.at(20);
    expect(h.of('forwardStart')).toMatchObject([{ line: 'l1', target: 'sip:vm@pbx', callerId: DOE }]);
    expect(h.of('alertStop', 20)).toHaveLength(3);
    expect(h.port('l1')).toBe('on');
    expect(h.lamps('l1')).toEqual(['ringing-not-here', 'ringing-not-here', 'ringing-not-here']);
    h.at(24).send({ type: 'forward.answered', line: 'l1' });
    expect(h.port('l1')).toBe('off');
    expect(h.lamps('l1')).toEqual(['in-use-other', 'in-use-other', 'in-use-other']);
    h.at(60).send({ type: 'forward.ended', line: 'l1' });
    expect(h.ended()).toMatchObject([{ outcome: 'forwarded' }]);
    expect(h.port('l1')).toBe('on');
  });

  it('S8 Ring delay: B is not alerted before t=10 (ringing-not-here), alerted from t=10', () => {
    const h = new CoreHarness(fixture({ station: { b: { ringDelay: 10 } } }));
    h.at(0).ring('l1', DOE);
    expect(h.alerted('b', 'l1')).toBe(false);
    expect(h.lamps('l1')).toEqual(['ringing-here', 'ringing-not-here', 'ringing-here']);
    h.at(9.999);
    expect(h.alerted('b', 'l1')).toBe(false);
    h.at(10);
    expect(h.alerted('b', 'l1')).toBe(true);
    expect(h.ks.lamp('b', 'l1')).toBe('ringing-here');
    expect(h.of('alertStart').find((e) => e.alert.station === 'b')?.t).toBe(h.zero + 10_000);
  });

  it('S9 Station ring timeout: C alerted in [0,8), then ringing-not-here for good; its press still answers', () => {
    const h = new CoreHarness(fixture({ station: { c: { ringTimeout: 8 } } }));
    h.at(0).ring('l1', DOE);
    expect(h.alerted('c', 'l1')).toBe(true);
    h.at(8);
    expect(h.alerted('c', 'l1')).toBe(false);
    expect(h.ks.lamp('c', 'l1')).toBe('ringing-not-here');
    h.at(30);
    expect(h.of('alertStart').filter((e) => e.alert.station === 'c')).toHaveLength(1);
    h.st('c', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['c']);
  });

  it('S10 Appearance timers from t0: {ringDelay 10, ringTimeout 15} alerts in [10,15)', () => {
    const h = new CoreHarness(fixture({ station: { b: { lines: [{ line: 'l1', ringDelay: 10, ringTimeout: 15 }, 'l2'] } } }));
    h.at(0).ring('l1', DOE);
    h.at(9.9);
    expect(h.alerted('b', 'l1')).toBe(false);
    h.at(10);
    expect(h.alerted('b', 'l1')).toBe(true);
    h.at(14.9);
    expect(h.alerted('b', 'l1')).toBe(true);
    h.at(15);
    expect(h.alerted('b', 'l1')).toBe(false);
    expect(h.ks.lamp('b', 'l1')).toBe('ringing-not-here');
  });

  it('S11 Busy station: A on L2 is not alerted for L1 but shows ringing-here; freed at t=6 it is alerted at t=6', () => {
    const h = new CoreHarness(fixture());
    // Times shifted by 10 s: A answers L2 first, then L1 rings at 10 (its t=0).
    h.at(0).ring('l2', { number: '2' }).st('a', { type: 'station.answer', line: 'l2' });
    h.at(10).ring('l1', DOE);
    expect(h.alerted('a', 'l1')).toBe(false);
    expect(h.alerted('b', 'l1') && h.alerted('c', 'l1')).toBe(true);
    expect(h.ks.lamp('a', 'l1')).toBe('ringing-here');
    h.at(16).st('a', { type: 'station.hangup', line: 'l2' });
    expect(h.alerted('a', 'l1')).toBe(true);
    expect(h.of('alertStart', 16).map((e) => e.alert.station)).toEqual(['a']);
  });

  it('S12 Unreachable station: tried at 0, 2, 6, 14, 30, 46; registered at t=9 it is alerted at once; nothing remains after', () => {
    const h = new CoreHarness(fixture());
    h.failing.add('b');
    h.at(0).ring('l1', DOE);
    expect(h.alerted('a', 'l1') && h.alerted('c', 'l1')).toBe(true);
    h.at(60);
    const tries = h.of('alertStart').filter((e) => e.alert.station === 'b').map((e) => (e.t - h.zero) / 1000);
    expect(tries).toEqual([0, 2, 6, 14, 30, 46]);

    const h2 = new CoreHarness(fixture());
    h2.failing.add('b');
    h2.at(0).ring('l1', DOE);
    h2.at(9);
    h2.failing.delete('b');
    h2.st('b', { type: 'station.reachable', reachable: true });
    const tries2 = h2.of('alertStart').filter((e) => e.alert.station === 'b').map((e) => (e.t - h2.zero) / 1000);
    expect(tries2).toEqual([0, 2, 6, 9]);
    expect(h2.alerted('b', 'l1')).toBe(true);
    h2.at(20).send({ type: 'fxo.ringStopped', line: 'l1' });
    expect(h2.ks.timerOf('l1')).toBeNull();
    expect(h2.clock.pendingCount).toBe(0);
  });

  it('S29 Caller ID: each alert shows its own caller; withheld shows withheld; callerId false sends none', () => {
    const h = new CoreHarness(fixture({ line: { l2: { callerId: false } } }));
    h.at(0).ring('l1', DOE).ring('l2', { number: '999' });
    const byLine = (l: string) => h.of('alertStart').filter((e) => e.alert.line === l).map((e) => e.alert.callerId);
    expect(byLine('l1').every((c) => c?.number === '5551234')).toBe(true);
    expect(byLine('l2').every((c) => c === null)).toBe(true);
    h.st('a', { type: 'station.answer', line: 'l1' });
    expect(h.ks.status().lines.find((l) => l.id === 'l1')?.call?.callerId).toEqual(DOE);
    const w = new CoreHarness(fixture());
    w.at(0).ring('l1', { withheld: 'P' });
    expect(w.of('alertStart')[0]?.alert.callerId).toEqual({ withheld: 'P' });
  });

  it('S38 Decline: B not alerted again for this call, lamp ringing-not-here; its press still answers', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE);
    h.at(3).st('b', { type: 'station.decline', line: 'l1' });
    expect(h.alerted('b', 'l1')).toBe(false);
    expect(h.ks.lamp('b', 'l1')).toBe('ringing-not-here');
    expect(h.alerted('a', 'l1') && h.alerted('c', 'l1')).toBe(true);
    h.at(20);
    expect(h.of('alertStart', 1).filter((e) => e.alert.station === 'b')).toEqual([]);
    h.st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['b']);
  });

  it('S45 Ring timeout, no treatment: lamps ringing-not-here at t=20; a press at 25 answers; a hang-up instead is unanswered', () => {
    const h = new CoreHarness(fixture({ line: { l1: { ringTimeout: 20 } } }));
    h.at(0).ring('l1', DOE);
    h.at(20);
    expect(h.of('alertStop', 20)).toHaveLength(3);
    expect(h.lamps('l1')).toEqual(['ringing-not-here', 'ringing-not-here', 'ringing-not-here']);
    expect(h.ks.lineState('l1')).toBe('ringing.unanswered');
    h.at(25).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toEqual(['b']);

    const g = new CoreHarness(fixture({ line: { l1: { ringTimeout: 20 } } }));
    g.at(0).ring('l1', DOE);
    g.at(30).send({ type: 'fxo.ringStopped', line: 'l1' });
    expect(g.ended()).toMatchObject([{ outcome: 'unanswered' }]);
  });

  it('S48 Caller ID wait: lamps ringing-here from t=0, alerts from t=3.2 with caller ID, else at t=4 without', () => {
    const h = new CoreHarness(fixture({ line: { l1: { callerIdWait: 4 } } }));
    h.at(0).ring('l1');
    expect(h.lamps('l1')).toEqual(['ringing-here', 'ringing-here', 'ringing-here']);
    expect(h.of('alertStart')).toEqual([]);
    h.at(3.2).send({ type: 'fxo.callerId', line: 'l1', callerId: DOE });
    expect(h.of('alertStart').map((e) => [e.t - h.zero, e.alert.callerId])).toEqual([[3200, DOE], [3200, DOE], [3200, DOE]]);

    const g = new CoreHarness(fixture({ line: { l1: { callerIdWait: 4 } } }));
    g.at(0).ring('l1');
    g.at(3.999);
    expect(g.of('alertStart')).toEqual([]);
    g.at(4);
    expect(g.of('alertStart').map((e) => [e.t - g.zero, e.alert.callerId, e.alert.label])).toEqual([[4000, null, 'L1'], [4000, null, 'L1'], [4000, null, 'L1']]);
  });
});
