import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { SipSite } from '../support/SipSite.js';
import { skip, secret, sleep, startSite, sim, cliStatus, until, lineOf, stationOf, lampOf, connected, phone, register, sippPort, flow, sipCallSuiteHooks, expectInOrder, finished, steps, ringLine1, ANSWERED, HUNG_UP } from '../support/sipCallSuite.js';

/*
 * keyline calling phones (sla.md §3.3 "SIP phone" column, §4): the alert INVITE answered (S2),
 * declined (S38), raced (S5), unreachable then registered (S12), answered by another line's key
 * (S4), and the auto-answer call to a phone whose key panel was pressed. One site per test, so the
 * tests run side by side; waits poll the control socket (what `keyline status` reads), the
 * checkpoints are `keyline status --json` itself, and SIPp's message log shows the SIP side.
 */

sipCallSuiteHooks();



/** Waits until the line's call is at least `ms` old since its answer (barge, not lost-race: §4.5). */
async function answeredFor(site: SipSite, line: string, ms: number): Promise<void> {
  await until(site, (s) => {
    const at = lineOf(s, line).call?.answeredAt;
    return at !== null && at !== undefined && s.t - at >= ms;
  }, `${line} answered ${ms} ms ago`, ms + 5000);
}

/** Instants (test clock) at which keyline's log printed lines matching `re`, from now on. */
function watchLog(site: SipSite, re: RegExp): { times: number[]; stop(): void } {
  const lines = site.svc?.lines ?? [];
  let seen = lines.length;
  const times: number[] = [];
  const timer = setInterval(() => {
    for (; seen < lines.length; seen++) if (re.test(lines[seen] ?? '')) times.push(performance.now());
  }, 10);
  return { times, stop: () => clearInterval(timer) };
}

const logged = (site: SipSite, re: RegExp) => (site.svc?.lines ?? []).filter((l) => re.test(l));

// ---- the suite ------------------------------------------------------------------------------

/** Each phone registers from a port of its own, which its alert scenario then listens on. */
async function registered(site: SipSite, ...users: string[]): Promise<number[]> {
  const ports: number[] = [];
  for (const user of users) {
    const port = await sippPort();
    await register(site, user, port);
    ports.push(port);
  }
  return ports;
}

/**
 * S38 with a given final response: phone1 declines, phone2 keeps ringing. Returns once phone1's
 * SIPp stayed `quiet` ms after its decline (a second alert would have reached it by then).
 */
async function declined(status: string) {
  const site = await startSite(['phone1', 'phone2']);
  const [p1, p2] = await registered(site, 'phone1', 'phone2');
  const decline = await phone(site, 'alert-decline.xml', { user: 'phone1', port: p1, vars: { status, quiet: '3000' } });
  const ringing = await phone(site, 'alert-ring.xml', { user: 'phone2', port: p2 });
  await ringLine1(site);
  const d = await decline.done;
  // Exactly one alert INVITE reached the phone that declined, though the line rang on for 3 s.
  expect(steps(d)).toEqual(['< INVITE', '> 180 INVITE', `> ${status.slice(0, 3)} INVITE`, '< ACK']);
  expect(d.code, d.errors).toBe(0);
  expect(logged(site, /sip station=phone1 line=line1 event=alert /)).toHaveLength(1);
  const s = await cliStatus(site);
  const call = lineOf(s, 'line1').call?.id;
  expect(lineOf(s, 'line1')).toMatchObject({ state: 'ringing.active', hook: 'on' });
  expect(stationOf(s, 'phone1').alerts).toEqual([]);
  expect(lampOf(s, 'phone1', 'line1')).toBe('ringing-not-here');
  expect(stationOf(s, 'phone2').alerts).toEqual([{ line: 'line1', call, kind: 'ring' }]);
  expect(stationOf(s, 'desk').alerts).toEqual([{ line: 'line1', call, kind: 'ring' }]);
  expect([lampOf(s, 'phone2', 'line1'), lampOf(s, 'desk', 'line1')]).toEqual(['ringing-here', 'ringing-here']);
  return { site, ringing };
}

describe.skipIf(skip !== null).concurrent(`keyline calls SIP phones (SIPp)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('S2 answer: the phone rings (180) with the port on-hook, answers 200; port off-hook, the desk\'s alert stops, lamps mine/other', async () => {
    const site = await startSite(['phone1']);
    const [port = 0] = await registered(site, 'phone1');
    const answering = await phone(site, 'uas-answer.xml', { user: 'phone1', port });
    await ringLine1(site);
    const ringing = await until(site, (s) => (stationOf(s, 'phone1').alerts.length > 0 ? s : undefined), 'phone1 alerted');
    expect(lineOf(ringing, 'line1').hook).toBe('on');
    expect(stationOf(ringing, 'desk').alerts).toHaveLength(1);
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 answering');
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['phone1'], direction: 'in' }) });
    expect(stationOf(s, 'desk').alerts).toEqual([]);
    expect([lampOf(s, 'phone1', 'line1'), lampOf(s, 'desk', 'line1')]).toEqual(['in-use-mine', 'in-use-other']);
    expect(s.sip?.legs).toEqual([expect.objectContaining({ station: 'phone1', line: 'line1', kind: 'alert', state: 'confirmed' })]);
    expect(await sim(site, { cmd: 'sim.hangup', line: 'line1' })).toMatch(/far end hung up/);
    expectInOrder(await finished(answering), ['< INVITE', '> 180 INVITE', '> 200 INVITE', '< ACK', '< BYE', '> 200 BYE']);
    await until(site, (x) => lineOf(x, 'line1').state === 'idle' && lineOf(x, 'line1').hook === 'on', 'line1 released');
  });

  it('S38 decline by 486: no second alert INVITE for this call, lamp ringing-not-here, the other phone and the desk ring on; the phone\'s line1 key still answers', async () => {
    const { site, ringing } = await declined('486 Busy Here');
    expect(logged(site, /sip station=phone1 line=line1 event=alert-declined why="SIP 486"/)).toHaveLength(1);
    const key = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'phone1_line1' });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 answering with its line1 key');
    expectInOrder(await finished(ringing), ['< INVITE', '> 180 INVITE', '< CANCEL', '> 200 CANCEL', '> 487 INVITE', '< ACK']);
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['phone1'], direction: 'in' }) });
    expect(s.stations.flatMap((st) => st.alerts)).toEqual([]);
    await key.cue();
    expectInOrder(await finished(key), [...ANSWERED, ...HUNG_UP]);
    await until(site, (x) => lineOf(x, 'line1').state === 'idle', 'line1 released');
  });

  it('S38 decline by 603 likewise: not alerted again, the others ring on; the desk answering cancels the other phone', async () => {
    const { site, ringing } = await declined('603 Decline');
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: ok');
    expectInOrder(await finished(ringing), ['< INVITE', '> 180 INVITE', '< CANCEL', '> 200 CANCEL', '> 487 INVITE', '< ACK']);
    expect(connected(await cliStatus(site), 'line1')).toEqual(['desk']);
  });

  // sla.md §3.3 lists 480 among the declines ("final response 486, 480, 600 or 603"): phones answer
  // 480 for do-not-disturb, and must not be rung again for this call.
  it('S38 decline by 480 (sla.md §3.3): not alerted again', async () => {
    await declined('480 Temporarily Unavailable');
  });

  it('S5 answer race: both phones answer 200 at once; one is connected, the other\'s 200 is ACKed and at once BYEd, never bridged; the desk\'s press within 1 s is lost-race, after 1 s a barge', async () => {
    const site = await startSite(['phone1', 'phone2']);
    const [p1, p2] = await registered(site, 'phone1', 'phone2');
    const phones = {
      phone1: await phone(site, 'alert-answer-now.xml', { user: 'phone1', port: p1 }),
      phone2: await phone(site, 'alert-answer-now.xml', { user: 'phone2', port: p2 }),
    };
    expect(await sim(site, { cmd: 'sim.ring', line: 'line1', number: '5551234', name: 'DOE JOHN' })).toMatch(/ringing/);
    const answered = await until(site, (s) => (connected(s, 'line1').length > 0 ? s : undefined), 'an answer');
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: refused lost-race');
    const winner = connected(answered, 'line1')[0] === 'phone1' ? 'phone1' : 'phone2';
    const loser = winner === 'phone1' ? 'phone2' : 'phone1';
    const lost = await finished(phones[loser]);
    expectInOrder(lost, ['< INVITE', '> 200 INVITE', '< ACK', '< BYE', '> 200 BYE']);

    const s = await cliStatus(site);
    const line1 = lineOf(s, 'line1');
    expect(line1).toMatchObject({ state: 'connected', hook: 'off' });
    expect(line1.call?.connected).toEqual([winner]);
    const refusal = stationOf(s, 'desk').lastRefusal;
    expect(refusal?.reason).toBe('lost-race');
    expect((refusal?.t ?? Infinity) - (line1.call?.answeredAt ?? 0)).toBeLessThan(1000);
    expect(stationOf(s, loser).lastRefusal).toMatchObject({ reason: 'lost-race', line: 'line1' });
    expect(s.sip?.legs).toEqual([expect.objectContaining({ station: winner, line: 'line1', state: 'confirmed' })]);
    expect(logged(site, new RegExp(`station=${loser} effect=audio-connect`))).toEqual([]);

    await answeredFor(site, 'line1', 1500);
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: ok');
    await until(site, (x) => connected(x, 'line1').includes('desk'), 'the desk barging in');
    expect(connected(await cliStatus(site), 'line1')).toEqual([winner, 'desk']);
    await sim(site, { cmd: 'sim.hangup', line: 'line1' });
    expectInOrder(await finished(phones[winner]), ['< INVITE', '> 200 INVITE', '< ACK', '< BYE', '> 200 BYE']);
    await until(site, (x) => lineOf(x, 'line1').state === 'idle', 'line1 released');
  });

  it('S12 an unregistered phone is tried at once and again 2 s later (no INVITE: nothing to send it to); registering at ≈3 s it gets the alert INVITE at once', async () => {
    const site = await startSite(['phone1']);
    const port = await sippPort();
    const late = await phone(site, 'alert-register-ring.xml', { user: 'phone1', port, target: true, calls: 2, extra: ['-rsa', `127.0.0.1:${site.sipPort}`] });
    const tries = watchLog(site, /sip station=phone1 line=line1 event=alert-failed why="not registered"/);
    try {
      await ringLine1(site);
      const deadline = performance.now() + 5000;
      while (tries.times.length < 2 && performance.now() < deadline) await sleep(20);
      expect(tries.times.length, 'two tries before the registration').toBe(2);
      const [t0 = 0, t1 = 0] = tries.times;
      expect(t1 - t0).toBeGreaterThan(1700);
      expect(t1 - t0).toBeLessThan(2600);
      expect(stationOf(await cliStatus(site), 'phone1')).toMatchObject({ reachable: false, alerts: [] });
      while (performance.now() < t0 + 3000) await sleep(20);
      await late.cue('OPTIONS'); // the phone registers now
      const alerted = await until(site, (s) => (stationOf(s, 'phone1').alerts.length > 0 ? s : undefined), 'phone1 alerted after registering');
      expect(stationOf(alerted, 'phone1')).toMatchObject({ reachable: true });
      expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: ok');
      const r = await finished(late);
      expectInOrder(r, ['< OPTIONS', '> REGISTER', '< 401 REGISTER', '> REGISTER', '< 200 REGISTER', '< INVITE', '> 180 INVITE', '< CANCEL', '> 200 CANCEL', '> 487 INVITE', '< ACK']);
      const f = flow(r.messages);
      const registeredAt = f.find((x) => x.m === '< 200 REGISTER')?.at ?? 0;
      const invitedAt = f.find((x) => x.m === '< INVITE')?.at ?? Infinity;
      expect(invitedAt - registeredAt, 'the INVITE follows the registration at once, not at the next retry').toBeLessThan(500);
      expect(tries.times).toHaveLength(2);
      expect(logged(site, /sip station=phone1 line=line1 event=alert call=/)).toHaveLength(1);
    } finally {
      tries.stop();
    }
  });

  it('S4 the flashing key answers that line: line1 and line2 ring, the phone\'s line2 key takes line2; its line1 and line2 alerts are cancelled, the desk rings on for line1', async () => {
    const site = await startSite(['phone1']);
    const [port = 0] = await registered(site, 'phone1');
    const alerts = await phone(site, 'alert-ring.xml', { user: 'phone1', port, calls: 2 });
    await ringLine1(site);
    expect(await sim(site, { cmd: 'sim.ring', line: 'line2', number: '5559876', name: 'ROE JANE' })).toMatch(/ringing/);
    // Both alert INVITEs are out before the key is pressed.
    await until(site, () => logged(site, /sip station=phone1 line=line\d event=alert call=/).length === 2, 'two alert INVITEs sent');
    const key = await phone(site, 'phone-invite.xml', { user: 'phone1', ruri: 'phone1_line2' });
    await until(site, (s) => connected(s, 'line2').includes('phone1'), 'phone1 answering line2');
    const rung = await finished(alerts);
    expect(steps(rung).filter((m) => m === '< CANCEL')).toHaveLength(2);
    expect(steps(rung).filter((m) => m === '< INVITE')).toHaveLength(2);
    const s = await cliStatus(site);
    expect(lineOf(s, 'line2')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['phone1'], direction: 'in' }) });
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'ringing.active', hook: 'on' });
    expect(stationOf(s, 'desk').alerts.map((a) => a.line)).toEqual(['line1']);
    expect(stationOf(s, 'phone1').alerts).toEqual([]);
    expect(lampOf(s, 'phone1', 'line1')).toBe('ringing-here'); // busy: not alerted, lamp still ringing-here (S11)
    expect(await sim(site, { cmd: 'sim.press', station: 'desk', line: 'line1' })).toBe('desk: ok');
    await key.cue();
    expectInOrder(await finished(key), [...ANSWERED, ...HUNG_UP]);
    await until(site, (x) => lineOf(x, 'line2').state === 'idle', 'line2 released');
  });

  it('a panel bound to a SIP phone: key 1 makes keyline call the phone with auto-answer headers; it answers, line1 is seized for it and connected after dial tone', async () => {
    const site = await startSite([{ id: 'phone1', password: secret('phone1'), extra: 'panel: desk1' }]);
    const [port = 0] = await registered(site, 'phone1');
    const auto = await phone(site, 'alert-answer-now.xml', { user: 'phone1', port });
    expect(await sim(site, { cmd: 'sim.panelPress', panel: 'desk1', key: 1 })).toMatch(/desk1: key 1 pressed/);
    // The phone answered at once; the line is then seized for it, and connected on dial tone (~300 ms).
    const seizing = await until(site, (s) => (lineOf(s, 'line1').state === 'seizing' ? lineOf(s, 'line1') : undefined), 'line1 seizing');
    expect(seizing.call).toMatchObject({ seizer: 'phone1', direction: 'out', connected: [] });
    await until(site, (s) => connected(s, 'line1').includes('phone1'), 'phone1 on line1');
    const s = await cliStatus(site);
    expect(lineOf(s, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: expect.objectContaining({ connected: ['phone1'], direction: 'out' }) });
    expect(lampOf(s, 'phone1', 'line1')).toBe('in-use-mine');
    expect(s.sip?.legs).toEqual([expect.objectContaining({ station: 'phone1', line: 'line1', kind: 'auto', state: 'confirmed' })]);
    const offHook = (site.svc?.lines ?? []).findIndex((l) => /core line=line1 effect=port-off-hook/.test(l));
    const bridged = (site.svc?.lines ?? []).findIndex((l) => /core line=line1 station=phone1 effect=audio-connect/.test(l));
    expect(offHook).toBeGreaterThanOrEqual(0);
    expect(bridged).toBeGreaterThan(offHook);

    await sim(site, { cmd: 'sim.hangup', line: 'line1' });
    const r = await finished(auto);
    expectInOrder(r, ['< INVITE', '> 200 INVITE', '< ACK', '< BYE', '> 200 BYE']);
    expect(r.messages).toMatch(/INVITE sip:phone1@127\.0\.0\.1:\d+ SIP\/2\.0[\s\S]*Call-Info: <sip:test\.keyline\.invalid>;answer-after=0/);
    expect(r.messages).toMatch(/Alert-Info: info=alert-autoanswer;delay=0/);
    expect(r.messages).toMatch(/From: "Main" <sip:line1@test\.keyline\.invalid>/);
    await until(site, (x) => lineOf(x, 'line1').state === 'idle' && lineOf(x, 'line1').hook === 'on', 'line1 released');
  });
});
