import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { advanceSettled, settle } from '../../../hal/sim/advanceSettled.js';
import { PeeredTransport } from '../../../test/support/PeeredTransport.js';
import type { NotifyFailurePolicy } from './NotifierPolicy.js';
import { DEFAULT_NOTIFY_FAILURES } from './NotifierPolicy.js';
import { RINGING, blfRig } from './testing/blfRig.js';
import type { BlfRig } from './testing/blfRig.js';

let rig: BlfRig | undefined;
afterEach(() => rig?.dispose());

function setup(failures?: NotifyFailurePolicy) {
  const clock = new SimulatedClock(0);
  const pair = PeeredTransport.pair();
  rig = blfRig(pair, { clock, failures });
  return { clock, rig, phone: rig.phone, notifier: rig.notifier, transports: pair };
}

/** The phone answers the NOTIFYs with these versions with these statuses, 200 otherwise. */
function answers(byVersion: Record<number, number>) {
  return (n: { version: number | null }) => (n.version === null ? 200 : byVersion[n.version] ?? 200);
}

const ended = (r: BlfRig) => r.logs.filter((l) => l.fields.event === 'subscription-ended').map((l) => [l.level, l.fields.why]);

describe('Notifier: NOTIFY failures (presence.md §4)', () => {
  it('a 5xx is retried after 2 s with the newest state, then all is well again', async () => {
    const { clock, rig, phone } = setup();
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 503 });
    rig.set('B', 'line1', RINGING);
    await settle();
    rig.set('B', 'line1', { lamp: 'in-use-mine' }); // during the backoff
    await advanceSettled(clock, 1_999);
    expect(phone.seen).toEqual([['active', 0], ['active', 1]]);
    await advanceSettled(clock, 1);
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['active', 2]]);
    expect(phone.last?.body).toContain('<state>confirmed</state>');
    expect(rig.notifier.list()[0]).toMatchObject({ failures: 0, version: 2, state: 'active' });
    expect(rig.logs.some((l) => l.fields.event === 'notify-retry' && l.fields.status === 503 && l.fields.delayMs === 2000)).toBe(true);
  });

  it('a transport error is retried like a 5xx (sip.js reports it as a 503 of its own)', async () => {
    const { clock, rig, phone, transports } = setup();
    await phone.subscribe('line1');
    await settle();
    transports[0].route = (m) => (m.startsWith('NOTIFY ') ? 'fail' : 'deliver');
    rig.set('B', 'line1', RINGING);
    await settle();
    expect(rig.notifier.list()[0]).toMatchObject({ failures: 1, notifying: false });
    transports[0].route = undefined;
    await advanceSettled(clock, 2_000);
    expect(phone.seen).toEqual([['active', 0], ['active', 2]]);
    expect(phone.last?.body).toContain('<state>early</state>');
  });

  it('failures beyond the retries end the subscription, logged as a warning; it never stops silently', async () => {
    const { clock, rig, phone, notifier } = setup();
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 500, 2: 500 });
    rig.set('B', 'line1', RINGING);
    await advanceSettled(clock, 10_000);
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['active', 2]]);
    expect(notifier.size).toBe(0);
    expect(ended(rig)).toEqual([['warning', 'unreachable']]);
    expect(clock.pendingCount).toBe(0);
  });

  it('481 ends the subscription at once: the phone has forgotten it', async () => {
    const { clock, rig, phone, notifier } = setup();
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 481 });
    rig.set('B', 'line1', RINGING);
    await settle();
    rig.set('B', 'line1', { lamp: 'in-use-other' });
    await advanceSettled(clock, 60_000);
    expect(phone.seen).toEqual([['active', 0], ['active', 1]]);
    expect(notifier.size).toBe(0);
    expect(ended(rig)).toEqual([['warning', 'gone']]);
  });

  it('408 by default: retried once with the newest state (resync), the lamp lives on', async () => {
    const { clock, rig, phone, notifier } = setup();
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 408 });
    rig.set('B', 'line1', RINGING);
    await settle();
    rig.set('B', 'line1', { lamp: 'in-use-other' });
    await advanceSettled(clock, 2_000);
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['active', 2]]);
    expect(notifier.size).toBe(1);
    expect(ended(rig)).toEqual([]);
  });

  it('408 twice by default: the subscription ends (presence.md §4, as Kamailio timeout_rm_subs=1, one retry later)', async () => {
    const { clock, rig, phone, notifier } = setup();
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 408, 2: 408 });
    rig.set('B', 'line1', RINGING);
    await advanceSettled(clock, 10_000);
    expect(notifier.size).toBe(0);
    expect(ended(rig)).toEqual([['warning', 'unreachable']]);
  });

  it('with timeoutEnds on, a 408 ends it at once', async () => {
    const { rig, phone, notifier } = setup({ ...DEFAULT_NOTIFY_FAILURES, timeoutEnds: true });
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 408 });
    rig.set('B', 'line1', RINGING);
    await settle();
    expect(notifier.size).toBe(0);
    expect(ended(rig)).toEqual([['warning', 'notify-timeout']]);
  });

  it('with timeoutEnds off and more retries, timeouts back off 2, 4, 8 s and the newest state gets through', async () => {
    const { clock, rig, phone } = setup({ ...DEFAULT_NOTIFY_FAILURES, retries: 5, timeoutEnds: false });
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 408, 2: 408, 3: 408 });
    rig.set('B', 'line1', RINGING);
    await settle();
    const at: number[] = [];
    const count = phone.notifies.length;
    for (let t = 0; t < 20; t++) {
      await advanceSettled(clock, 1_000);
      if (phone.notifies.length > count + at.length) at.push(clock.now());
    }
    expect(at).toEqual([2_000, 6_000, 14_000]);
    expect(phone.seen.map(([, v]) => v)).toEqual([0, 1, 2, 3, 4]);
    expect(rig.notifier.list()[0]).toMatchObject({ failures: 0, state: 'active' });
  });

  it('a refresh during the backoff gets its NOTIFY at once', async () => {
    const { clock, rig, phone } = setup({ ...DEFAULT_NOTIFY_FAILURES, retries: 3 });
    await phone.subscribe('line1');
    await settle();
    phone.answer = answers({ 1: 500 });
    rig.set('B', 'line1', RINGING);
    await settle();
    await advanceSettled(clock, 500);
    expect((await phone.refresh(600)).status).toBe(200);
    await settle();
    expect(phone.seen).toEqual([['active', 0], ['active', 1], ['active', 2]]);
    await advanceSettled(clock, 5_000);
    expect(phone.notifies).toHaveLength(3);
  });

  it('a failing final NOTIFY still ends the subscription', async () => {
    const { clock, rig, phone, notifier } = setup();
    await phone.subscribe('line1', { expires: 60 });
    await settle();
    phone.answer = answers({ 1: 500 });
    await advanceSettled(clock, 60_000);
    expect(phone.seen).toEqual([['active', 0], ['terminated;timeout', 1]]);
    expect(notifier.size).toBe(0);
    expect(ended(rig)).toEqual([['info', 'timeout']]);
  });
});
