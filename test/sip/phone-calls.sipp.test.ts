import { describe, expect, it } from 'vitest';
import type { SipSite } from '../support/SipSite.js';
import { skip, secret, startSite, sim, cliStatus, until, lineOf, stationOf, lampOf, connected, phone, register, sippPort, flow, sipCallSuiteHooks, expectInOrder, finished, steps, ringLine1, ANSWERED, HUNG_UP } from '../support/sipCallSuite.js';

/*
 * Phones calling keyline (sla.md §3.3 "SIP phone" column): line keys, off-hook, refusals (§5.4),
 * barge (§7.1), hold and resume (§8), BLF pickup (presence.md §5). One site per test, so the
 * tests run side by side; waits poll the control socket (what `keyline status` reads), the
 * checkpoints are `keyline status --json` itself, and SIPp's message log shows the SIP side.
 */

sipCallSuiteHooks();


/** sim ring, then a station answers with its line key; resolves once line1 is connected to it. */
async function deskOnLine1(site: SipSite): Promise<void> {
  await ringLine1(site);
  expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: ok');
  await until(site, (s) => connected(s, 'line1').includes('desk'), 'desk answering line1');
}


/** Waits until the line's call is at least `ms` old since its answer (barge, not lost-race: §4.5). */
async function answeredFor(site: SipSite, line: string, ms: number): Promise<void> {
  await until(site, (s) => {
    const at = lineOf(s, line).call?.answeredAt;
    return at !== null && at !== undefined && s.t - at >= ms;
  }, `${line} answered ${ms} ms ago`, ms + 5000);
}

// ---- the suite ------------------------------------------------------------------------------

describe.skipIf(skip !== null).concurrent(`SIP phones call keyline (SIPp)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('S13 by line key: INVITE <station>_line2 is challenged, rings back (180) while seizing, answered with SDP after dial tone; the BYE releases line2', async () => {
    const site = await startSite(['phone1']);
    const p = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'phone1_line2' });
    await until(site, (s) => lineOf(s, 'line2').state === 'connected', 'line2 connected');

    const s = await cliStatus(site);
    const line2 = lineOf(s, 'line2');
    expect(line2).toMatchObject({ state: 'connected', hook: 'off' });
    expect(line2.call).toMatchObject({ direction: 'out', connected: ['phone1'] });
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'idle', hook: 'on' });
    expect([lampOf(s, 'phone1', 'line2'), lampOf(s, 'desk', 'line2')]).toEqual(['in-use-mine', 'in-use-other']);
    expect(s.sip?.legs).toEqual([expect.objectContaining({ station: 'phone1', line: 'line2', kind: 'inbound', state: 'confirmed', held: false })]);

    await p.cue();
    const r = await finished(p);
    await until(site, (x) => lineOf(x, 'line2').state === 'idle' && lineOf(x, 'line2').hook === 'on', 'line2 released, port on-hook');
    expectInOrder(r, ['> INVITE', '< 401 INVITE', '> ACK', '> INVITE', '< 180 INVITE', '< 200 INVITE', '> ACK', ...HUNG_UP]);
    expect(r.messages).toMatch(/SIP\/2\.0 200 OK[\s\S]*?Content-Type: application\/sdp[\s\S]*?m=audio \d+ RTP\/AVP 0/);
    // The 200 waited for the line: off-hook, then dial tone (~300 ms on the simulated line).
    const f = flow(r.messages);
    const ringback = f.find((x) => x.m === '< 180 INVITE')?.at ?? 0;
    const answer = f.find((x) => x.m === '< 200 INVITE')?.at ?? 0;
    expect(answer - ringback).toBeGreaterThanOrEqual(200);
    const after = await cliStatus(site);
    expect(after.sip?.legs).toEqual([]);
    expect(lampOf(after, 'phone1', 'line2')).toBe('idle');
  });

  it('S13 by off-hook: INVITE <station> seizes the first idle line of the station: line1, then line2 for the next phone while line1 is taken', async () => {
    const site = await startSite(['phone1', 'phone2']);
    const p1 = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'phone1' });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 on line1');
    const p2 = await phone(site, 'phone-invite.xml', { user: 'phone2', ruri: 'phone2' });
    await until(site, (s) => connected(s, 'line2').includes('phone2'), 'phone2 on line2');

    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['phone1'], direction: 'out' }) });
    expect(lineOf(s, 'line2')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['phone2'], direction: 'out' }) });

    await p1.cue();
    await p2.cue();
    expectInOrder(await finished(p1), [...ANSWERED, ...HUNG_UP]);
    expectInOrder(await finished(p2), [...ANSWERED, ...HUNG_UP]);
    await until(site, (x) => x.lines.every((l) => l.state === 'idle' && l.hook === 'on'), 'both lines released');
  });

  it('S13 by a bare line URI: INVITE line1 is line1\'s key (phones whose keys dial the line)', async () => {
    const site = await startSite(['phone1']);
    const p = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'line1' });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 on line1');
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off' });
    expect(lineOf(s, 'line2').state).toBe('idle');
    await p.cue();
    expectInOrder(await finished(p), [...ANSWERED, ...HUNG_UP]);
    await until(site, (x) => lineOf(x, 'line1').state === 'idle' && lineOf(x, 'line1').hook === 'on', 'line1 released');
  });

  it('S35 by line key: a line key right after the release waits out the on-hook guard (180), then seizes and answers', async () => {
    const site = await startSite(['phone1']);
    const first = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'phone1_line2' });
    await until(site, (s) => connected(s, 'line2').includes('phone1'), 'phone1 on line2');
    await first.cue();
    await finished(first);
    await until(site, (s) => lineOf(s, 'line2').state === 'idle', 'line2 released');

    const again = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'phone1_line2', timeoutMs: 8000 });
    await until(site, (s) => lineOf(s, 'line2').state === 'seizing', 'line2 seizing again');
    await until(site, (s) => connected(s, 'line2').includes('phone1'), 'the second seizure connected after the guard', 5000);
    await again.cue();
    const r = await finished(again);
    const f = flow(r.messages);
    const ringback = f.find((x) => x.m === '< 180 INVITE')?.at ?? 0;
    const answer = f.find((x) => x.m === '< 200 INVITE')?.at ?? 0;
    expect(ringback).toBeGreaterThan(0);
    // Guard remainder, then dial tone: not at once, and not stuck (a lost guard timer left the
    // seizure waiting for ever before the clock fix, see src/service/MonotonicClock.ts).
    expect(answer - ringback).toBeGreaterThanOrEqual(200);
    expect(answer - ringback).toBeLessThan(3000);
  });

  it('§5.4 no-appearance → 404: a line key (either numbering) for a line the station has no appearance of; nothing changes', async () => {
    const site = await startSite([{ id: 'phone2', password: secret('phone2'), lines: ['line1'] }]);
    for (const ruri of ['phone2_line2', 'line2']) {
      const p = await phone(site, 'phone-invite-refused.xml', { user: 'phone2', ruri, vars: { status: '404' } });
      expectInOrder(await finished(p), ['> INVITE', '< 401 INVITE', '> ACK', '> INVITE', '< 404 INVITE', '> ACK']);
    }
    const s = await cliStatus(site);
    expect(s.lines.map((l) => [l.id, l.state, l.hook])).toEqual([['line1', 'idle', 'on'], ['line2', 'idle', 'on']]);
    expect(stationOf(s, 'phone2').lastRefusal).toMatchObject({ reason: 'no-appearance', line: 'line2' });
    expect(s.sip?.legs).toEqual([]);
  });

  it('S15 all lines busy → 486: an off-hook INVITE finds nothing to answer or seize (no-line); no line changes', async () => {
    const site = await startSite(['phone1']);
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: ok');
    await until(site, (s) => connected(s, 'line1').includes('desk'), 'desk on line1');
    // The desk's line2 key holds line1 first (auto hold, §5.3): line1 held, line2 in use.
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line2' })).toBe('desk: ok');
    await until(site, (s) => connected(s, 'line2').includes('desk') && lineOf(s, 'line1').state === 'held.waiting', 'desk on line2, line1 held');

    const p = await phone(site, 'phone-invite-refused.xml', { user: 'phone1', ruri: 'phone1', vars: { status: '486' } });
    const r = await finished(p);
    expectInOrder(r, ['> INVITE', '< 401 INVITE', '> ACK', '> INVITE', '< 486 INVITE', '> ACK']);
    expect(steps(r)).not.toContain('< 180 INVITE');
    const s = await cliStatus(site);
    expect(stationOf(s, 'phone1').lastRefusal).toMatchObject({ reason: 'no-line' });
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'held.waiting', hook: 'off' });
    expect(lineOf(s, 'line2')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['desk'] }) });
    expect(s.sip?.legs).toEqual([]);
  });

  it('S19 barge refused → 486: line1 `barge: false`, the desk on it for over 1 s; the phone\'s line1 key is refused busy', async () => {
    const site = await startSite(['phone1'], 'barge: false');
    await deskOnLine1(site);
    await answeredFor(site, 'line1', 1100);
    const p = await phone(site, 'phone-invite-refused.xml', { user: 'phone1', ruri: 'phone1_line1', vars: { status: '486' } });
    expectInOrder(await finished(p), ['> INVITE', '< 401 INVITE', '> ACK', '> INVITE', '< 486 INVITE', '> ACK']);
    const s = await cliStatus(site);
    expect(stationOf(s, 'phone1').lastRefusal).toMatchObject({ reason: 'busy', line: 'line1' });
    expect(connected(s, 'line1')).toEqual(['desk']);
    expect(lampOf(s, 'phone1', 'line1')).toBe('in-use-other');
  });

  it('an INVITE without credentials gets 401 and nothing else: nothing rings, nothing is seized, no leg', async () => {
    const site = await startSite(['phone1']);
    const p = await phone(site, 'phone-invite-noauth.xml', { user: 'phone1', ruri: 'phone1_line1' });
    // keyline decided on the INVITE before its 401 left: what it did, if anything, shows now.
    expect(steps(await finished(p))).toEqual(['> INVITE', '< 401 INVITE', '> ACK']);
    const s = await cliStatus(site);
    expect(s.lines.map((l) => [l.id, l.state, l.hook])).toEqual([['line1', 'idle', 'on'], ['line2', 'idle', 'on']]);
    expect(s.stations.every((st) => st.alerts.length === 0 && st.lastRefusal === null)).toBe(true);
    expect(s.sip?.legs).toEqual([]);
    expect(site.svc?.lines.filter((l) => /event=invite /.test(l))).toEqual([]);
  });

  it('a wrong password gets 403 after the challenge: nothing is seized, the address is not blocked by one mistake', async () => {
    const site = await startSite(['phone1']);
    const p = await phone(site, 'phone-invite-refused.xml', { user: 'phone1', ruri: 'phone1_line1', vars: { status: '403', password: 'not-the-password' } });
    expectInOrder(await finished(p), ['> INVITE', '< 401 INVITE', '> ACK', '> INVITE', '< 403 INVITE', '> ACK']);
    const s = await cliStatus(site);
    expect(s.lines.map((l) => [l.id, l.state, l.hook])).toEqual([['line1', 'idle', 'on'], ['line2', 'idle', 'on']]);
    expect(s.sip?.legs).toEqual([]);
    expect(s.sip?.blocked).toEqual([]);
  });

  it('S18 barge: the desk answered line1 over 1 s ago; the phone\'s line1 key joins (200), both connected; its BYE leaves the desk on', async () => {
    const site = await startSite(['phone1']);
    await deskOnLine1(site);
    await answeredFor(site, 'line1', 1000);
    const p = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'line1' });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 barging into line1');
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['desk', 'phone1'] }) });
    expect([lampOf(s, 'desk', 'line1'), lampOf(s, 'phone1', 'line1')]).toEqual(['in-use-mine', 'in-use-mine']);

    await p.cue();
    expectInOrder(await finished(p), [...ANSWERED, ...HUNG_UP]);
    // S26: the station that leaves a 2-party line leaves the other on it.
    const after = await until(site, (x) => (connected(x, 'line1').length === 1 ? x : undefined), 'phone1 gone from line1');
    expect(connected(after, 'line1')).toEqual(['desk']);
    expect(lineOf(after, 'line1').hook).toBe('off');
  });

  it('S20 hold and resume: re-INVITE sendonly is answered recvonly in the same dialog, the line held by the phone (port off-hook); sendrecv resumes; the line key instead takes a new leg and keyline BYEs the held one', async () => {
    const site = await startSite(['phone1']);
    await ringLine1(site);
    // S4-style: the phone answers the ringing line with its line1 key (an INVITE to line1).
    const held = await phone(site, 'phone-hold-resume.xml', { user: 'phone1', ruri: 'line1', timeoutMs: 20_000 });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 on line1');

    await held.cue(); // hold
    await until(site, (s) => lineOf(s, 'line1').state === 'held.waiting', 'line1 held');
    const h = await cliStatus(site);
    expect(lineOf(h, 'line1')).toMatchObject({ state: 'held.waiting', hook: 'off' });
    expect(lineOf(h, 'line1').call).toMatchObject({ connected: [], holders: [{ station: 'phone1', private: false }] });
    expect([lampOf(h, 'phone1', 'line1'), lampOf(h, 'desk', 'line1')]).toEqual(['held-mine', 'held-other']);
    expect(stationOf(h, 'phone1').busy).toBe(false);
    expect(h.sip?.legs).toEqual([expect.objectContaining({ station: 'phone1', line: 'line1', state: 'confirmed', held: true })]);

    await held.cue(); // resume on the same dialog
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 resumed');
    const r = await cliStatus(site);
    expect(lineOf(r, 'line1')).toMatchObject({ state: 'connected', hook: 'off' });
    expect(lineOf(r, 'line1').call?.holders).toEqual([]);
    expect(lampOf(r, 'phone1', 'line1')).toBe('in-use-mine');
    expect(r.sip?.legs).toEqual([expect.objectContaining({ station: 'phone1', line: 'line1', state: 'confirmed', held: false })]);

    await held.cue(); // hold again, then the line key on a new leg
    await until(site, (s) => lineOf(s, 'line1').state === 'held.waiting', 'line1 held again');
    const key = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'line1' });
    const heldLog = await finished(held);
    expectInOrder(heldLog, [...ANSWERED, '< INFO', '> INVITE', '< 200 INVITE', '> ACK', '< INFO', '> INVITE', '< 200 INVITE', '> ACK',
      '< INFO', '> INVITE', '< 200 INVITE', '> ACK', '< BYE', '> 200 BYE']);
    expect(steps(heldLog)).not.toContain('> BYE');
    const k = await until(site, (s) => (connected(s, 'line1').includes('phone1') && s.sip?.legs.length === 1 ? s : undefined), 'the new leg connected');
    expect(lineOf(k, 'line1').call?.holders).toEqual([]);
    expect(k.sip?.legs).toEqual([expect.objectContaining({ station: 'phone1', line: 'line1', state: 'confirmed', held: false })]);

    await key.cue();
    expectInOrder(await finished(key), [...ANSWERED, ...HUNG_UP]);
    await until(site, (s) => lineOf(s, 'line1').state === 'idle' && lineOf(s, 'line1').hook === 'on', 'line1 released');
  });

  it('S41 the holder ends the held call: hold, then the phone\'s BYE on the held dialog releases the line (port on-hook)', async () => {
    const site = await startSite(['phone1']);
    await ringLine1(site);
    const p = await phone(site, 'phone-hold.xml', { user: 'phone1', ruri: 'line1', vars: { holdstate: 'held' } });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 on line1');
    await p.cue();
    await until(site, (s) => lineOf(s, 'line1').state === 'held.waiting', 'line1 held by phone1');
    await p.cue();
    const r = await finished(p);
    expectInOrder(r, [...ANSWERED, '< INFO', '> INVITE', '< 200 INVITE', '> ACK', ...HUNG_UP]);
    await until(site, (s) => lineOf(s, 'line1').state === 'idle' && lineOf(s, 'line1').hook === 'on', 'line1 released');
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'idle', hook: 'on', call: null });
    expect(s.sip?.legs).toEqual([]);
  });

  it('S37 (SCA private hold) exclusive hold: a hold re-INVITE with Call-Info appearance-state=held-private makes a private hold; the desk\'s line1 key is refused private', async () => {
    const site = await startSite(['phone1']);
    await ringLine1(site);
    const p = await phone(site, 'phone-hold.xml', { user: 'phone1', ruri: 'line1', vars: { holdstate: 'held-private' } });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 on line1');
    await p.cue();
    await until(site, (s) => lineOf(s, 'line1').state === 'held.waiting', 'line1 held by phone1');
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: refused private');
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1').call?.holders).toEqual([{ station: 'phone1', private: true }]);
    expect([lampOf(s, 'phone1', 'line1'), lampOf(s, 'desk', 'line1')]).toEqual(['held-private-mine', 'held-private-other']);
    expect(stationOf(s, 'desk').lastRefusal).toMatchObject({ reason: 'private', line: 'line1' });
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'held.waiting', hook: 'off' });
    await p.cue();
    const r = await finished(p);
    expect(r.messages).toMatch(/Call-Info: <sip:test\.keyline\.invalid>;appearance-state=held-private/);
    await until(site, (x) => lineOf(x, 'line1').state === 'idle', 'line1 released by the holder');
  });

  it('S21 open hold picked up: the phone holds line1, the desk presses line1: the desk is connected and keyline BYEs the held leg', async () => {
    const site = await startSite(['phone1']);
    await ringLine1(site);
    const p = await phone(site, 'phone-hold.xml', { user: 'phone1', ruri: 'line1', vars: { holdstate: 'held' } });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 on line1');
    await p.cue();
    await until(site, (s) => lineOf(s, 'line1').state === 'held.waiting', 'line1 held by phone1');
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: ok');
    const r = await finished(p);
    expectInOrder(r, [...ANSWERED, '< INFO', '> INVITE', '< 200 INVITE', '> ACK', '< BYE', '> 200 BYE']);
    expect(steps(r)).not.toContain('> BYE');
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['desk'], holders: [] }) });
    expect(s.sip?.legs).toEqual([]);
  });

  it('BLF pickup (presence.md §5): an INVITE to line1 with Replaces naming the ringing call answers it; the phone\'s own ringing alert is cancelled', async () => {
    const site = await startSite(['phone1']);
    const port = await sippPort();
    await register(site, 'phone1', port);
    const ringing = await phone(site, 'alert-ring.xml', { user: 'phone1', port });
    await ringLine1(site);
    const alerted = await until(site, (s) => (stationOf(s, 'phone1').alerts.some((a) => a.line === 'line1') ? s : undefined), 'phone1 alerted');
    const call = lineOf(alerted, 'line1').call?.id ?? '';
    const seq = call.replace(/^line1-/, '');
    const replaces = `Replaces: ${call}@test.keyline.invalid;to-tag=l${seq};from-tag=r${seq}`;
    const pickup = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'line1', vars: { header: replaces } });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'the pickup answering line1');
    expectInOrder(await finished(ringing), ['< INVITE', '> 180 INVITE', '< CANCEL', '> 200 CANCEL', '> 487 INVITE', '< ACK']);
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ id: call, direction: 'in', connected: ['phone1'] }) });
    expect(stationOf(s, 'desk').alerts).toEqual([]);
    await pickup.cue();
    const r = await finished(pickup);
    expectInOrder(r, [...ANSWERED, ...HUNG_UP]);
    expect(r.messages).toContain(replaces);
    await until(site, (x) => lineOf(x, 'line1').state === 'idle', 'line1 released');
  });

  it('BLF pickup of a call no longer ringing → 481 (not a barge): the desk answered it first', async () => {
    const site = await startSite(['phone1']);
    await deskOnLine1(site);
    await answeredFor(site, 'line1', 1000);
    const call = lineOf(await cliStatus(site), 'line1').call?.id ?? '';
    const seq = call.replace(/^line1-/, '');
    const p = await phone(site, 'phone-invite-refused.xml', {
      user: 'phone1', ruri: 'line1', vars: { status: '481', header: `Replaces: ${call}@test.keyline.invalid;to-tag=l${seq};from-tag=r${seq}` },
    });
    expectInOrder(await finished(p), ['> INVITE', '< 401 INVITE', '> ACK', '> INVITE', '< 481 INVITE', '> ACK']);
    const s = await cliStatus(site);
    expect(connected(s, 'line1')).toEqual(['desk']);
    expect(s.sip?.legs).toEqual([]);
  });
});
