import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { advanceSettled, settle } from '../../../hal/sim/advanceSettled.js';
import { PeeredTransport } from '../../../test/support/PeeredTransport.js';
import { dialogInfoBody } from './dialogInfoBody.js';
import { RINGING, blfRig, idleView } from './testing/blfRig.js';
import type { BlfRig } from './testing/blfRig.js';

let rig: BlfRig | undefined;
afterEach(() => rig?.dispose());

function setup() {
  const clock = new SimulatedClock(0);
  const pair = PeeredTransport.pair();
  rig = blfRig(pair, { clock });
  return { clock, rig, phone: rig.phone, notifier: rig.notifier, transports: pair };
}

const isNotify = (m: string) => m.startsWith('NOTIFY ');

describe('Notifier: a subscription from SUBSCRIBE to the end (RFC 6665 §4.2, presence.md §4)', () => {
  it('SUBSCRIBE → 200 with the grant cut to 600 s, then NOTIFY active, full state, version 0', async () => {
    const { phone, notifier } = setup();
    const ok = await phone.subscribe('line1', { expires: 3600 });
    await settle();
    expect(ok.status).toBe(200);
    expect(ok.expires).toBe(600);
    expect(ok.headers('contact')).toBe('<sip:keyline@keyline.test>');
    expect(phone.notifies).toHaveLength(1);
    const n = phone.notifies[0]!;
    expect(n).toMatchObject({ state: 'active', expires: 600, event: 'dialog', contentType: 'application/dialog-info+xml', version: 0 });
    expect(n.body).toBe(dialogInfoBody(idleView(), 0));
    expect(notifier.list()).toEqual([{
      id: 's1', subscriber: 'B', viewer: 'B', line: 'line1', expiresIn: 600, version: 0, state: 'active', notifying: false, failures: 0,
    }]);
  });

  it('a lamp change → NOTIFY version 1 with the new body; an unchanged body sends nothing', async () => {
    const { rig, phone } = setup();
    await phone.subscribe('line1');
    await settle();
    rig.set('B', 'line1', RINGING);
    await settle();
    expect(phone.seen).toEqual([['active', 0], ['active', 1]]);
    expect(phone.last?.body).toBe(dialogInfoBody({ ...idleView(), ...RINGING }, 1));
    rig.set('B', 'line1', {}); // same view again
    rig.set('A', 'line1', { lamp: 'in-use-other' }); // another viewer
    await settle();
    expect(phone.notifies).toHaveLength(2);
  });

  it('a refresh → 200 and a full-state NOTIFY even without a change; the grant restarts', async () => {
    const { clock, phone, notifier } = setup();
    await phone.subscribe('line1');
    await advanceSettled(clock, 500_000);
    const ok = await phone.refresh(300);
    await settle();
    expect(ok).toMatchObject({ status: 200, expires: 300 });
    expect(phone.seen).toEqual([['active', 0], ['active', 1]]);
    expect(phone.last?.expires).toBe(300);
    await advanceSettled(clock, 299_000);
    expect(notifier.size).toBe(1);
    await advanceSettled(clock, 1_000);
    expect(phone.seen.at(-1)).toEqual(['terminated;timeout', 2]);
    expect(notifier.size).toBe(0);
  });

  it('expiry without a refresh ends it with a final NOTIFY terminated;reason=timeout on the SipClock', async () => {
    const { clock, phone, notifier } = setup();
    await phone.subscribe('line1', { expires: 120 });
    await advanceSettled(clock, 119_999);
    expect(phone.notifies).toHaveLength(1);
    await advanceSettled(clock, 1);
    expect(phone.seen).toEqual([['active', 0], ['terminated;timeout', 1]]);
    expect(phone.last?.body).toBe(dialogInfoBody(idleView(), 1));
    expect(notifier.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('Expires: 0 in the dialog → 200 and a final NOTIFY terminated;reason=timeout with the state', async () => {
    const { rig, phone, notifier } = setup();
    await phone.subscribe('line1');
    rig.set('B', 'line1', RINGING);
    await settle();
    const ok = await phone.refresh(0);
    await settle();
    expect(ok).toMatchObject({ status: 200, expires: 0 });
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['terminated;timeout', 2]]);
    expect(phone.last?.body).toContain('<state>early</state>');
    expect(notifier.size).toBe(0);
  });

  it('an initial Expires: 0 is a fetch: 200 and one terminated NOTIFY with the state, version 0', async () => {
    const { phone, notifier } = setup();
    const ok = await phone.subscribe('line1', { expires: 0 });
    await settle();
    expect(ok).toMatchObject({ status: 200, expires: 0 });
    expect(phone.seen).toEqual([['terminated;timeout', 0]]);
    expect(phone.last?.body).toBe(dialogInfoBody(idleView(), 0));
    expect(notifier.size).toBe(0);
  });

  it('a refresh of a subscription the notifier no longer holds gets 481 from the core (the phone starts over)', async () => {
    const { rig, phone } = setup();
    await phone.subscribe('line1');
    await settle();
    rig.notifier.dispose();
    const r = await phone.refresh(600);
    expect(r.status).toBe(481);
    expect(phone.notifies).toHaveLength(1);
  });
});

describe('Notifier: who sees what (lamps.md §4.1)', () => {
  it('<station>_<line> is that station\'s view; <line> the subscriber\'s own, or the outsider view for an unknown subscriber', async () => {
    const { rig, phone, notifier } = setup();
    rig.set('A', 'line1', { ...RINGING, lamp: 'ringing-here' });
    rig.set(null, 'line1', { ...RINGING, lamp: 'ringing-not-here' });
    rig.set('B', 'line1', { lamp: 'out-of-service' });
    await phone.subscribe('A_line1');
    await phone.subscribe('line1');
    rig.subscriber = null;
    await phone.subscribe('line1');
    await settle();
    expect(notifier.list().map((r) => [r.subscriber, r.viewer, r.line])).toEqual([['B', 'A', 'line1'], ['B', 'B', 'line1'], [null, null, 'line1']]);
    expect(phone.notifies.map((n) => /<state[^>]*>\w+/.exec(n.body)?.[0])).toEqual(['<state>early', '<state event="error">terminated', '<state>early']);
  });

  it('a line or appearance that goes away ends its subscriptions: terminated;reason=noresource', async () => {
    const { rig, phone, notifier } = setup();
    await phone.subscribe('line2');
    await settle();
    rig.remove('B', 'line2');
    await settle();
    expect(phone.seen).toEqual([['active', 0], ['terminated;noresource', null]]);
    expect(notifier.size).toBe(0);
  });
});

describe('Notifier: refusals (RFC 6665 §4.2.1.1)', () => {
  it('489 with Allow-Events: dialog for Event: presence', async () => {
    const { phone, notifier } = setup();
    const r = await phone.subscribe('line1', { event: 'presence' });
    expect(r.status).toBe(489);
    expect(r.headers('allow-events')).toBe('dialog');
    expect(notifier.size).toBe(0);
  });

  it('423 with Min-Expires below the minimum; 404 for an unknown resource; 406 for an unsendable Accept', async () => {
    const { phone, notifier } = setup();
    const brief = await phone.subscribe('line1', { expires: 30 });
    expect(brief.status).toBe(423);
    expect(brief.headers('min-expires')).toBe('60');
    expect((await phone.subscribe('line9')).status).toBe(404);
    expect((await phone.subscribe('C_line1')).status).toBe(404);
    expect((await phone.subscribe('line1', { accept: 'application/pidf+xml' })).status).toBe(406);
    await settle();
    expect(phone.notifies).toHaveLength(0);
    expect(notifier.size).toBe(0);
  });

  it('481 from the sip.js core for an in-dialog SUBSCRIBE of an unknown dialog', async () => {
    const { phone } = setup();
    expect((await phone.strayRefresh('keyline')).status).toBe(481);
  });
});

describe('Notifier: one NOTIFY in flight (lamps.md §4.4)', () => {
  it('changes while a NOTIFY awaits its answer collapse into one NOTIFY of the newest state', async () => {
    const { rig, phone, transports } = setup();
    await phone.subscribe('line1');
    await settle();
    // The phone's answers to NOTIFYs wait, so the notifier has one NOTIFY in flight.
    transports[1].route = (m) => (m.startsWith('SIP/2.0') && /CSeq: \d+ NOTIFY/.test(m) ? 'hold' : 'deliver');
    rig.set('B', 'line1', RINGING);
    rig.set('B', 'line1', { lamp: 'in-use-mine' });
    rig.set('B', 'line1', { lamp: 'held-mine' });
    await settle();
    expect(transports[0].sent.filter(isNotify)).toHaveLength(2);
    expect(rig.notifier.list()[0]?.notifying).toBe(true);
    transports[1].route = undefined;
    expect(transports[1].release()).toBe(1);
    await settle();
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['active', 2]]);
    expect(phone.notifies[1]?.body).toContain('<state>early</state>');
    expect(phone.last?.body).toBe(dialogInfoBody({ ...idleView(), ...RINGING, lamp: 'held-mine' }, 2));
  });

  it('the final state is always sent: an expiry while a NOTIFY is in flight follows it', async () => {
    const { clock, rig, phone, transports } = setup();
    await phone.subscribe('line1', { expires: 60 });
    await settle();
    transports[1].route = (m) => (m.startsWith('SIP/2.0') ? 'hold' : 'deliver');
    rig.set('B', 'line1', RINGING);
    await advanceSettled(clock, 60_000);
    expect(phone.seen).toEqual([['active', 0], ['active', 1]]);
    transports[1].route = undefined;
    transports[1].release();
    await settle();
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['terminated;timeout', 2]]);
    expect(rig.notifier.size).toBe(0);
  });
});

describe('Notifier: resync, shutdown, persistence', () => {
  it('resyncAll sends every subscription a full-state NOTIFY; resyncSubscriber only that station\'s', async () => {
    const { rig, phone } = setup();
    await phone.subscribe('line1');
    rig.subscriber = 'A';
    await phone.subscribe('line2');
    await settle();
    rig.notifier.resyncAll();
    await settle();
    expect(phone.notifies.map((n) => n.version)).toEqual([0, 0, 1, 1]);
    rig.notifier.resyncSubscriber('A');
    await settle();
    expect(phone.notifies.map((n) => n.version)).toEqual([0, 0, 1, 1, 2]);
    expect(phone.last?.body).toContain('entity="sip:line2@branch7.example.net"');
  });

  it('shutdown ends every subscription with terminated;reason=deactivated and resolves when all are answered', async () => {
    const { rig, phone } = setup();
    await phone.subscribe('line1');
    await phone.subscribe('line2');
    await settle();
    await rig.notifier.shutdown();
    expect(phone.seen.filter(([s]) => s === 'terminated;deactivated')).toHaveLength(2);
    expect(rig.notifier.size).toBe(0);
  });

  it('export → restart → import → resyncAll continues the dialog: next version, higher CSeq, refreshable', async () => {
    let wall = 1_700_000_000_000;
    const clock = new SimulatedClock(0);
    rig = blfRig(PeeredTransport.pair(), { clock, wallNow: () => wall });
    const phone = rig.phone;
    await phone.subscribe('line1');
    rig.set('B', 'line1', RINGING);
    await advanceSettled(clock, 100_000);
    wall += 100_000;
    const records = rig.notifier.export();
    expect(records).toEqual([{
      subscriber: 'B', viewer: 'B', line: 'line1', event: 'dialog', nextVersion: 2, expiresAtWall: wall + 500_000,
      dialog: expect.objectContaining({ localSeq: 2, remoteUri: 'sip:phone-b@phone-b.test', remoteTarget: 'sip:phone-b@phone-b.test' }),
    }]);

    const after = rig.restart({ wallNow: () => wall + 10_000 });
    expect((await phone.strayRefresh('keyline')).status).toBe(481);
    expect(after.import([...records, { ...records[0]!, expiresAtWall: wall }])).toBe(1);
    expect(after.list()).toEqual([expect.objectContaining({ viewer: 'B', line: 'line1', version: 1, expiresIn: 490 })]);
    await settle();
    expect(phone.notifies).toHaveLength(2); // nothing is sent before the resync
    after.resyncAll();
    await settle();
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['active', 2]]);
    expect(phone.last?.cseq).toBe(3);
    expect(phone.last?.body).toContain('<state>early</state>');
    expect((await phone.refresh(600)).status).toBe(200);
    await settle();
    expect(phone.seen.at(-1)).toEqual(['active', 3]);
  });
});
