import { afterEach, describe, expect, it } from 'vitest';
import { advanceSettled, settle } from '../../../hal/sim/advanceSettled.js';
import { A1, A2, PROBE, subscriberRig } from '../../../test/support/presence/subscriberRig.js';
import type { FakeDialogServer } from '../../../test/support/presence/FakeDialogServer.js';

type Rig = ReturnType<typeof subscriberRig>;
let rig: Rig | undefined;
afterEach(() => rig?.dispose());

const RINGING = '<dialog id="line1-42" direction="recipient"><state>early</state><remote><identity display="DOE JOHN">sip:5551234@a.example.net</identity></remote></dialog>';
const CONFIRMED = '<dialog id="line1-42" direction="recipient"><state>confirmed</state></dialog>';
const HELD = '<dialog id="line1-42" direction="recipient"><state>confirmed</state><local><target uri="sip:line1@a.example.net"><param pname="+sip.rendering" pvalue="no"/></target></local></dialog>';
const ENDED = '<dialog id="line1-42"><state event="remote-bye">terminated</state></dialog>';

async function started(o: Parameters<typeof subscriberRig>[0] = {}): Promise<Rig> {
  rig = subscriberRig(o);
  rig.subscriber.start();
  await settle();
  return rig;
}

const initial = (s: FakeDialogServer) => s.subscribes.filter((x) => !x.inDialog);

describe('PresenceSubscriber (presence.md §4 keyline as subscriber)', () => {
  it('subscribes to each remote line (600 s) and to the probe (60 s, K4); unknown until the first NOTIFY, then idle', async () => {
    rig = subscriberRig();
    rig.subscriber.start();
    expect(rig.subscriber.lamp('a-line1')).toBe('unknown');
    await settle();
    expect(initial(rig.server)).toEqual([
      { uri: PROBE, expires: 60, inDialog: false, status: 200 },
      { uri: A1, expires: 600, inDialog: false, status: 200 },
    ]);
    const sent = rig.a.sent.find((m) => m.startsWith(`SUBSCRIBE ${A1}`)) ?? '';
    expect(sent).toMatch(/^Event: dialog\r$/m);
    expect(sent).toMatch(/^Accept: application\/dialog-info\+xml\r$/m);
    expect(sent).toMatch(/^Route: <sip:127\.0\.0\.1:5070;transport=tcp;lr>\r$/m);
    expect(rig.subscriber.lamp('a-line1')).toBe('idle');
    expect(rig.server.answers.every((x) => x.status === 200)).toBe(true);
  });

  it('the remote line through a call: ringing-not-here, in-use-other, held-other, idle (never mine)', async () => {
    const r = await started();
    for (const body of [RINGING, CONFIRMED, HELD, ENDED]) {
      r.server.set(A1, body);
      await settle();
    }
    expect(r.lamps.get('a-line1')).toEqual(['idle', 'ringing-not-here', 'in-use-other', 'held-other', 'idle']);
    const status = r.subscriber.status().lines[0];
    expect(status).toMatchObject({ id: 'a-line1', phase: 'active', state: 'idle', lamp: 'idle', version: 5, refused: 0 });
  });

  it('the BLF view for local phones: the remote mapping, a new dialog id per remote call, caller from <remote>', async () => {
    const r = await started();
    r.server.set(A1, RINGING);
    await settle();
    const v = r.subscriber.view('a-line1', 'b.example.net');
    expect(v).toMatchObject({ line: 'a-line1', label: 'A/line1', domain: 'b.example.net', lamp: 'ringing-not-here', callerIdOn: true });
    expect(v?.call).toEqual({ seq: 1, direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' }, digits: '' });
    r.server.set(A1, ENDED);
    await settle();
    r.server.set(A1, RINGING.replace('line1-42', 'line1-43'));
    await settle();
    expect(r.subscriber.view('a-line1', 'b.example.net')?.call?.seq).toBe(2);
    expect(r.subscriber.view('nope', 'b.example.net')).toBeNull();
  });

  it('refreshes in-dialog at 80 % of the grant; the probe every 30 s', async () => {
    const r = await started();
    await advanceSettled(r.clock, 29_999);
    expect(r.server.subscribes.filter((x) => x.inDialog)).toHaveLength(0);
    await advanceSettled(r.clock, 1);
    expect(r.server.subscribes.filter((x) => x.inDialog)).toEqual([{ uri: PROBE, expires: 60, inDialog: true, status: 200 }]);
    await advanceSettled(r.clock, 480_000 - 30_000);
    expect(r.server.subscribes.filter((x) => x.inDialog && x.uri === A1)).toEqual([{ uri: A1, expires: 600, inDialog: true, status: 200 }]);
    expect(r.last()).toBe('idle');
  });

  it('K4: the server restarts; the probe refresh gets 481 and every remote line is subscribed again at once', async () => {
    const r = await started({ lines: [{ id: 'a-line1', uri: A1, label: 'A/line1' }, { id: 'a-line2', uri: A2, label: 'A/line2' }] });
    r.server.set(A1, RINGING);
    await settle();
    r.server.restart();
    r.server.set(A1, CONFIRMED); // the publisher's state after the restart
    await advanceSettled(r.clock, 30_000);
    expect(r.serverLost).toBe(1);
    expect(initial(r.server).map((x) => x.uri)).toEqual([PROBE, A1, A2, PROBE, A1, A2]);
    expect(r.subscriber.lamp('a-line1')).toBe('in-use-other');
    expect(r.subscriber.lamp('a-line2')).toBe('idle');
    expect(r.lamps.get('a-line1')).toEqual(['idle', 'ringing-not-here', 'unknown', 'in-use-other']);
  });

  it('a 481 on a line refresh also means a restart; a version sequence restarts with the new subscription', async () => {
    const r = await started({ probe: null });
    r.server.set(A1, RINGING);
    await settle();
    r.server.restart();
    await advanceSettled(r.clock, 480_000);
    expect(r.serverLost).toBe(1);
    expect(r.subscriber.status().lines[0]).toMatchObject({ phase: 'active', version: 1, lamp: 'ringing-not-here' });
  });

  it('terminated by the server (deactivated): unknown at once, then a new subscription after a jittered second', async () => {
    const r = await started();
    r.server.set(A1, CONFIRMED);
    await settle();
    r.server.terminate(A1, 'deactivated');
    await settle();
    expect(r.last()).toBe('unknown');
    await advanceSettled(r.clock, 999);
    expect(r.last()).toBe('unknown');
    await advanceSettled(r.clock, 1);
    expect(r.last()).toBe('in-use-other');
  });

  it('terminated;reason=rejected: unknown and no retry', async () => {
    const r = await started();
    r.server.terminate(A1, 'rejected');
    await advanceSettled(r.clock, 600_000);
    expect(r.last()).toBe('unknown');
    expect(initial(r.server).filter((x) => x.uri === A1)).toHaveLength(1);
    expect(r.subscriber.status().lines[0]?.phase).toBe('failed');
  });

  it('no server (503): unknown, retried with backoff 1 s, 2 s, 4 s; lamp right once it answers', async () => {
    rig = subscriberRig({ probe: null });
    const r = rig;
    for (let i = 0; i < 3; i++) r.server.script.push({ status: 503, reason: 'Service Unavailable' });
    r.subscriber.start();
    await settle();
    expect(r.subscriber.lamp('a-line1')).toBe('unknown');
    await advanceSettled(r.clock, 1000);
    await advanceSettled(r.clock, 2000);
    expect(initial(r.server).map((x) => x.status)).toEqual([503, 503, 503]);
    await advanceSettled(r.clock, 4000);
    expect(initial(r.server).map((x) => x.status)).toEqual([503, 503, 503, 200]);
    expect(r.last()).toBe('idle');
  });

  it('Retry-After on a refused SUBSCRIBE is honoured, with a comment and parameters too, and capped at an hour', async () => {
    rig = subscriberRig({ probe: null });
    const r = rig;
    r.server.script.push({ status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 120 (maintenance);duration=60'] });
    r.server.script.push({ status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 999999'] });
    r.subscriber.start();
    await settle();
    await advanceSettled(r.clock, 119_000);
    expect(initial(r.server).map((x) => x.status)).toEqual([503]); // not the 1 s backoff
    await advanceSettled(r.clock, 1000);
    expect(initial(r.server).map((x) => x.status)).toEqual([503, 503]);
    await advanceSettled(r.clock, 3600_000 - 1000);
    expect(initial(r.server)).toHaveLength(2);
    await advanceSettled(r.clock, 1000);
    expect(initial(r.server).map((x) => x.status)).toEqual([503, 503, 200]);
  });

  it('a retry-after in the NOTIFY that ends the subscription is honoured and capped at an hour too', async () => {
    const r = await started({ probe: null });
    r.server.terminate(A1, 'probation;retry-after=999999');
    await settle();
    expect(r.last()).toBe('unknown');
    await advanceSettled(r.clock, 3600_000 - 1000);
    expect(initial(r.server).filter((x) => x.uri === A1)).toHaveLength(1);
    await advanceSettled(r.clock, 1000);
    expect(initial(r.server).filter((x) => x.uri === A1)).toHaveLength(2);
    expect(r.last()).toBe('idle');
  });

  it('Timer N: a 2xx and no NOTIFY within 32 s is a failed subscription (unknown, retried)', async () => {
    rig = subscriberRig({ probe: null });
    const r = rig;
    r.server.notifyOnSubscribe = false;
    r.subscriber.start();
    await advanceSettled(r.clock, 31_999);
    expect(r.subscriber.status().lines[0]?.phase).toBe('subscribing');
    await advanceSettled(r.clock, 1);
    expect(r.subscriber.status().lines[0]).toMatchObject({ phase: 'retrying', lastError: { error: 'no NOTIFY after the 2xx (Timer N)' } });
  });

  it('Timer N after a refresh: a 2xx and no NOTIFY (e.g. its NOTIFYs refused as out of order) replaces the dialog', async () => {
    const r = await started({ probe: null });
    r.server.set(A1, CONFIRMED);
    await settle();
    r.server.notifyOnRefresh = false;
    await advanceSettled(r.clock, 480_000 + 31_999);
    expect(r.last()).toBe('in-use-other');
    await advanceSettled(r.clock, 1);
    expect(r.subscriber.status().lines[0]).toMatchObject({ lamp: 'unknown', lastError: { error: 'no NOTIFY after the refresh (Timer N)' } });
    await advanceSettled(r.clock, 1000);
    expect(r.last()).toBe('in-use-other');
    expect(initial(r.server).filter((x) => x.uri === A1)).toHaveLength(2);
  });

  it('a refresh nobody answers: the lamp shows unknown, not the stale state', async () => {
    const r = await started({ probe: null });
    r.server.set(A1, RINGING);
    await settle();
    r.a.route = () => 'drop';
    await advanceSettled(r.clock, 480_000 + 40_000);
    expect(r.last()).toBe('unknown');
    r.a.route = undefined;
    await advanceSettled(r.clock, 1000);
    expect(r.last()).toBe('ringing-not-here');
  });

  it('the server stops answering: the probe expires unrefreshed and every remote lamp shows unknown, not its last state', async () => {
    const r = await started();
    r.server.set(A1, CONFIRMED);
    await settle();
    r.a.route = () => 'drop';
    // The probe's refresh (at 30 s) goes unanswered; its 60 s grant runs out first.
    await advanceSettled(r.clock, 59_999);
    expect(r.last()).toBe('in-use-other');
    await advanceSettled(r.clock, 1);
    expect(r.last()).toBe('unknown');
    r.a.route = undefined;
    await advanceSettled(r.clock, 60_000);
    expect(r.last()).toBe('in-use-other');
  });

  it('bad input from the server is refused without changing the lamp: malformed, old version, oversized, wrong entity, wrong type', async () => {
    const r = await started();
    r.server.set(A1, RINGING);
    await settle();
    const before = r.lamps.get('a-line1')?.length;
    r.server.notify(A1, { body: '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="9" state="full" entity="sip:line1@a.example.net"><dialog id="x"><state>confirmed</state>' });
    r.server.notify(A1, { body: r.server.body(A1, 1).replace(RINGING, CONFIRMED) });
    r.server.notify(A1, { body: r.server.body(A1, 50).replace('</dialog-info>', `<!--${'x'.repeat(40_000)}--></dialog-info>`) });
    r.server.notify(A1, { body: r.server.body(A2, 60) });
    r.server.notify(A1, { body: r.server.body(A1, 70), contentType: 'application/pidf+xml' });
    await settle();
    expect(r.server.answers.slice(-5).map((x) => x.status)).toEqual([400, 200, 413, 400, 415]);
    expect(r.lamps.get('a-line1')?.length).toBe(before);
    expect(r.subscriber.lamp('a-line1')).toBe('ringing-not-here');
    expect(r.subscriber.status().lines[0]).toMatchObject({ phase: 'active', refused: 5 });
    expect(r.log.events('notify-refused')).toHaveLength(4);
    // ... and the next good document is taken.
    r.server.set(A1, CONFIRMED);
    await settle();
    expect(r.subscriber.lamp('a-line1')).toBe('in-use-other');
  });

  it('shutdown ends every subscription with Expires: 0', async () => {
    const r = await started();
    await r.subscriber.stop();
    expect(r.server.subscribes.filter((x) => x.inDialog && x.expires === 0).map((x) => x.uri).sort()).toEqual([A1, PROBE].sort());
    expect(r.server.watches.size).toBe(0);
  });
});
