import { describe, expect, it } from 'vitest';
import { CoreHarness } from '../support/CoreHarness.js';
import { fixture } from '../support/coreFixture.js';

const DOE = { number: '5551234', name: 'DOE JOHN' };

describe('sla.md §11 reload', () => {
  it('S42 Reload without dropping calls: options change for the next call, C goes, D comes, nothing hangs up', () => {
    const h = new CoreHarness(fixture({ line: { l2: { holdRecall: 30 } } }));
    h.at(0).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' });
    h.ring('l2', { number: '2' }).st('b', { type: 'station.answer', line: 'l2' }).st('b', { type: 'station.hold' });
    h.at(5);
    const next = fixture({ stations: ['a', 'b', 'd'], line: { l1: { barge: false } } });
    const result = h.ks.reload(next, h.clock.now());
    expect(result.pending).toEqual([]);
    expect(result.applied).toEqual(expect.arrayContaining(['station c: removed', 'station d: added', 'line l1: updated', 'line l2: updated']));
    const after = h.since(5);
    expect(after.filter((e) => ['portOffHook', 'portOnHook', 'legEnd', 'audioDisconnect', 'mohStop'].includes(e.type))).toEqual([]);
    const lampChanges = h.of('lamp', 5).map((e) => e.change);
    expect(lampChanges.filter((c) => c.station === 'a' || c.station === 'b')).toEqual([]);
    expect(lampChanges).toEqual(expect.arrayContaining([
      { station: 'c', line: 'l1', lamp: null }, { station: 'c', line: 'l2', lamp: null },
      { station: 'd', line: 'l1', lamp: 'in-use-other' }, { station: 'd', line: 'l2', lamp: 'held-other' },
    ]));
    // The held call keeps its snapshot (30 s); the next hold gets the restored default (60 s).
    h.at(30);
    expect(h.ks.lineState('l2')).toBe('held.recall');
    h.st('b', { type: 'station.answer', line: 'l2' }).st('b', { type: 'station.hangup', line: 'l2' });
    h.at(100).ring('l2', { number: '3' }).st('b', { type: 'station.answer', line: 'l2' }).st('b', { type: 'station.hold' });
    h.at(159.9);
    expect(h.ks.lineState('l2')).toBe('held.waiting');
    h.at(160);
    expect(h.ks.lineState('l2')).toBe('held.recall');
    // L1's current call still allows barge; its next one does not.
    h.at(161).st('b', { type: 'station.lineKey', line: 'l1' });
    expect(h.ks.lineContext('l1')?.call?.connected).toContain('b');
    h.st('a', { type: 'station.hangup', line: 'l1' }).st('b', { type: 'station.hangup', line: 'l1' });
    h.at(200).ring('l1', DOE).st('a', { type: 'station.answer', line: 'l1' });
    h.at(202).st('d', { type: 'station.lineKey', line: 'l1' });
    expect(h.refusals('d')).toEqual(['busy']);
  });

  it('removing a station that is on a call waits for the call to end, then completes', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE).st('c', { type: 'station.answer', line: 'l1' });
    const result = h.ks.reload(fixture({ stations: ['a', 'b'] }), h.clock.now());
    expect(result.pending).toEqual(['station c: removal waits for the call on l1']);
    expect(h.ks.station('c')).toBeDefined();
    expect(h.ks.lamp('c', 'l2')).toBeNull(); // its other appearance went at once
    expect(h.ks.lamp('c', 'l1')).toBe('in-use-mine');
    h.at(10).st('c', { type: 'station.hangup', line: 'l1' });
    expect(h.ks.station('c')).toBeUndefined();
    expect(h.ks.lamp('c', 'l1')).toBeNull();
    expect(h.ks.status().lines.every((l) => l.pending.length === 0)).toBe(true);
    expect(h.of('note').map((n) => n.event)).toContain('reload-completed');
  });

  it('an appearance only being alerted loses its alert at once; a new appearance gets a lamp but no alert', () => {
    const h = new CoreHarness(fixture());
    h.at(0).ring('l1', DOE);
    h.at(1);
    h.ks.reload(fixture({ stations: ['a', 'b', 'c', 'd'], station: { c: { lines: ['l2'] } } }), h.clock.now());
    expect(h.of('alertStop', 1).map((e) => e.alert.station)).toEqual(['c']);
    expect(h.ks.lamp('d', 'l1')).toBe('ringing-not-here');
    expect(h.alerted('d', 'l1')).toBe(false);
    expect(h.alerted('a', 'l1')).toBe(true);
  });
});
