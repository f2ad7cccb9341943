import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LineStatus, StationStatus, SystemStatus } from '../../src/core/status.js';
import { Baresip, HAS_BARESIP, readNetstrings } from '../support/Baresip.js';
import { eventually, requireBuild } from '../support/ServiceProcess.js';
import { peerMissing } from '../support/Sipp.js';
import { SipSite } from '../support/SipSite.js';

const skip = peerMissing('baresip', HAS_BARESIP);
const sites: SipSite[] = [];
const phones: Baresip[] = [];

beforeAll(requireBuild);
afterEach(async () => {
  // Phones first: with keyline still up, baresip unregisters and quits at once.
  for (const p of phones.splice(0)) await p.stop();
  for (const s of sites.splice(0)) await s.kill();
});

const line1 = (s: SystemStatus): LineStatus | undefined => s.lines.find((l) => l.id === 'line1');
const station = (s: SystemStatus, id: string): StationStatus | undefined => s.stations.find((x) => x.id === id);
const lamp = (s: SystemStatus, id: string): string | undefined => station(s, id)?.lamps.find((l) => l.line === 'line1')?.lamp;

/** In baresip's SIP trace (`-s`): the 200 OK that follows the first re-INVITE offering `a=sendonly`. */
function holdAnswer(trace: string): string | undefined {
  const messages = trace.split(/^(?:UDP|TCP) \S+ -> \S+\r?$/m).map((m) => m.trim());
  const hold = messages.findIndex((m) => m.startsWith('INVITE ') && /^a=sendonly\r?$/m.test(m));
  return hold < 0 ? undefined : messages.slice(hold + 1).find((m) => m.startsWith('SIP/2.0 200 '));
}

/** keyline with SIP phone `phone1` (MD5 digest: see the note on SHA-256 below) and baresip registered as it. */
async function registeredPhone(): Promise<{ site: SipSite; phone: Baresip }> {
  const site = await new SipSite([{ id: 'phone1', password: 'phone1-secret' }]).start();
  sites.push(site);
  const phone = await Baresip.start({ registrar: site.sipPort, user: 'phone1', password: 'phone1-secret' });
  phones.push(phone);
  const reg = await site.until((s) => s.sip?.registrations.find((r) => r.station === 'phone1'), 'baresip registering as phone1');
  expect(reg.flow).toEqual({ proto: 'UDP', address: '127.0.0.1', port: phone.sipPort });
  expect(reg.userAgent).toMatch(/^baresip v1\./);
  await site.until((s) => (station(s, 'phone1')?.reachable ? true : undefined), 'phone1 reachable');
  const port = String(phone.sipPort);
  expect(site.cli('sip', 'registrations').stdout).toMatch(new RegExp(`^phone1 +sip:phone1\\S*@127\\.0\\.0\\.1:${port} +UDP 127\\.0\\.0\\.1:${port} +\\d+ s +baresip v1\\.`, 'm'));
  return { site, phone };
}

/** S1/S2 with a real phone: line1 rings, baresip rings, accepts; keyline goes off-hook only then. */
async function answerLine1(site: SipSite, phone: Baresip): Promise<string> {
  expect(site.cli('sim', 'ring', 'line1').code).toBe(0);
  const incoming = await phone.nextEvent('CALL_INCOMING');
  expect(incoming.peeruri).toBe('sip:line1@test.keyline.invalid');
  const ringing = site.status();
  expect(line1(ringing)?.state).toBe('ringing.active');
  expect(line1(ringing)?.hook).toBe('on');
  expect(station(ringing, 'phone1')?.alerts).toEqual([expect.objectContaining({ line: 'line1', kind: 'ring' })]);

  await phone.command('accept');
  await phone.nextEvent('CALL_ESTABLISHED');
  const connected = await site.until((s) => (line1(s)?.state === 'connected' && line1(s)?.hook === 'off' ? s : undefined), 'line1 connected to phone1');
  expect(line1(connected)?.call?.connected).toEqual(['phone1']);
  expect([lamp(connected, 'desk'), lamp(connected, 'phone1')]).toEqual(['in-use-other', 'in-use-mine']);
  const legs = connected.sip?.legs ?? [];
  expect(legs).toEqual([expect.objectContaining({ station: 'phone1', line: 'line1', state: 'confirmed', held: false })]);
  return legs[0]?.id ?? '';
}

/** S20 first half: baresip's Hold (re-INVITE sendonly) keeps the dialog; phone1 holds line1 alone. */
async function holdLine1(site: SipSite, phone: Baresip, leg: string): Promise<void> {
  await phone.command('hold');
  const held = await site.until((s) => (line1(s)?.state === 'held.waiting' ? s : undefined), 'line1 held by phone1');
  expect(line1(held)?.hook).toBe('off');
  expect(line1(held)?.call?.connected).toEqual([]);
  expect(line1(held)?.call?.holders).toEqual([{ station: 'phone1', private: false }]);
  expect(station(held, 'phone1')?.busy).toBe(false);
  expect([lamp(held, 'desk'), lamp(held, 'phone1')]).toEqual(['held-other', 'held-mine']);
  expect(held.sip?.legs).toEqual([expect.objectContaining({ id: leg, state: 'confirmed', held: true })]);
  expect(site.cli('sip', 'legs').stdout).toMatch(/^phone1 +line1 +alert +confirmed +yes$/m);
  await site.svc?.waitFor(/line=line1 effect=music-on-hold/);
}

/*
 * Digest: keyline offers SHA-256 then MD5 by default (RFC 8760). baresip 1.0.0 (Debian, libre 1.1)
 * does not skip the SHA-256 challenge for the MD5 one: it logs "Register: Function not implemented"
 * and never registers. So these phones need `digest: [MD5]`, which SipSite configures; there is
 * no test of the default order with baresip 1.0 (checked by hand, keyline 0.1.0).
 */
describe.skipIf(skip !== null)(`baresip as a SIP phone${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('S2 S20 S26 baresip registers, answers line1, holds, resumes in the same dialog and hangs up: line released', async () => {
    const { site, phone } = await registeredPhone();
    const leg = await answerLine1(site, phone);
    await holdLine1(site, phone, leg);
    // keyline answers the hold re-INVITE without sending media (sla.md §8.1).
    const answer = await eventually(() => holdAnswer(phone.log), "keyline's answer to the hold re-INVITE in baresip's trace", 5000);
    expect(answer).toMatch(/^a=(recvonly|inactive)\r?$/m);

    await phone.command('resume');
    const resumed = await site.until((s) => (line1(s)?.state === 'connected' ? s : undefined), 'phone1 resuming line1');
    expect(line1(resumed)?.call?.connected).toEqual(['phone1']);
    expect(line1(resumed)?.call?.holders).toEqual([]);
    expect(line1(resumed)?.hook).toBe('off');
    expect([lamp(resumed, 'desk'), lamp(resumed, 'phone1')]).toEqual(['in-use-other', 'in-use-mine']);
    expect(resumed.sip?.legs).toEqual([expect.objectContaining({ id: leg, state: 'confirmed', held: false })]);
    await site.svc?.waitFor(/line=line1 effect=music-stop/);

    await phone.command('hangup');
    await phone.nextEvent('CALL_CLOSED');
    const idle = await site.until((s) => (line1(s)?.state === 'idle' && line1(s)?.hook === 'on' ? s : undefined), 'line1 released');
    expect(idle.sip?.legs).toEqual([]);
    expect([lamp(idle, 'desk'), lamp(idle, 'phone1')]).toEqual(['idle', 'idle']);
    const calls = JSON.parse(site.cli('calls', '--json').stdout) as Array<{ answeredBy: string; held: string[]; outcome: string }>;
    expect(calls.at(-1)).toMatchObject({ answeredBy: 'phone1', held: ['phone1'], outcome: 'completed' });

    // baresip quitting unregisters: the binding goes and phone1 is unreachable.
    await phone.stop();
    await site.until((s) => (s.sip?.registrations.length === 0 && station(s, 'phone1')?.reachable === false ? true : undefined), 'phone1 unregistered');
  });

  it('S41 baresip holds line1 alone, then ends the held call (BYE): the line is released', async () => {
    const { site, phone } = await registeredPhone();
    const leg = await answerLine1(site, phone);
    await holdLine1(site, phone, leg);
    await phone.command('hangup');
    await phone.nextEvent('CALL_CLOSED');
    const idle = await site.until((s) => (line1(s)?.state === 'idle' && line1(s)?.hook === 'on' ? s : undefined), 'line1 released');
    expect(line1(idle)?.call).toBeNull();
    expect(idle.sip?.legs).toEqual([]);
    expect([lamp(idle, 'desk'), lamp(idle, 'phone1')]).toEqual(['idle', 'idle']);
    // Still registered: ending a call is not leaving.
    expect(idle.sip?.registrations.map((r) => r.station)).toEqual(['phone1']);
  });
});

describe('readNetstrings (the ctrl_tcp framing)', () => {
  it('splits payloads, keeps an incomplete tail for the next chunk and counts bytes, not characters', () => {
    const first = readNetstrings(Buffer.from('2:{},5:"hé"'));
    expect(first.payloads).toEqual(['{}']);
    const second = readNetstrings(Buffer.concat([first.rest, Buffer.from(',0:,3:')]));
    expect(second.payloads).toEqual(['"hé"', '']);
    expect(second.rest.toString()).toBe('3:');
  });

  it('refuses a stream it cannot resynchronise', () => {
    expect(() => readNetstrings(Buffer.from('x2:{},'))).toThrow(/bad netstring length/);
    expect(() => readNetstrings(Buffer.from('2:{}}'))).toThrow(/trailing comma/);
  });
});
