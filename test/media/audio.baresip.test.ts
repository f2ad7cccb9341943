import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dominantFrequency, goertzel, meanSquare } from '../../src/media/dtmf/index.js';
import type { SystemStatus } from '../../src/core/status.js';
import { Baresip, HAS_BARESIP } from '../support/Baresip.js';
import { eventually, requireBuild } from '../support/ServiceProcess.js';
import { peerMissing } from '../support/Sipp.js';
import { SipSite } from '../support/SipSite.js';
import { readWav } from '../support/readWav.js';
import { RtpImpairRelay, redirectSdp } from '../support/RtpImpairRelay.js';
import { UdpLossRelay } from '../support/UdpLossRelay.js';

/**
 * Audio end to end (the audio issue's acceptance) with real peers on 127.0.0.1: the built service
 * on the simulated board, whose line1 far party plays a tone and keeps what it hears
 * (`keyline sim play` / `keyline sim heard`), and baresip phones whose microphone is a generated
 * tone and whose loudspeaker is recorded to WAV (sndfile module). Frequencies are measured with
 * Goertzel scans; each party uses its own frequency so that "hears X" and "never hears itself"
 * are both checkable in one recording.
 */
const skip = peerMissing('baresip', HAS_BARESIP);
const sites: SipSite[] = [];
const phones: Baresip[] = [];
const closers: Array<() => Promise<void>> = [];

beforeAll(requireBuild);
afterEach(async () => {
  for (const p of phones.splice(0)) await p.stop();
  for (const c of closers.splice(0)) await c();
  for (const s of sites.splice(0)) await s.kill();
});

const line1 = (s: SystemStatus) => s.lines.find((l) => l.id === 'line1');
/** Audio to analyse: skip the first second (jitter buffers filling, the join tone), keep up to 3 s. */
const steady = (x: Int16Array, from = 8000, n = 24_000) => x.subarray(from, Math.min(x.length, from + n));
/** The share of the recording's power at `hz`: about 1 for a pure tone, 0.5 each for two equal ones. */
function share(x: Int16Array, hz: number): number {
  const total = meanSquare(x);
  return total === 0 ? 0 : goertzel(x, hz) / total;
}

async function site(phoneIds: string[], lineOptions = 'barge: true'): Promise<SipSite> {
  const s = await new SipSite(phoneIds.map((id) => ({ id, password: `${id}-secret-1` })), lineOptions).start();
  sites.push(s);
  return s;
}

async function phone(s: SipSite, id: string, toneHz: number): Promise<Baresip> {
  const p = await Baresip.start({ registrar: s.sipPort, user: id, password: `${id}-secret-1`, toneHz, record: true });
  phones.push(p);
  await s.untilAsync((st) => (st.stations.find((x) => x.id === id)?.reachable ? true : undefined), `${id} registered`);
  return p;
}

/*
 * The CLI runs asynchronously here: the lossy test's relays forward in this process, and a
 * blocking spawnSync would hold their packets back and release them in bursts.
 */

/** What line1's far party heard, from `keyline sim heard --out` (and `--clear` to start afresh). */
async function lineHeard(s: SipSite, name: string, clear = false): Promise<Int16Array> {
  const out = join(s.dir, `${name}.wav`);
  const r = await s.cliAsync('sim', 'heard', 'line1', '--out', out, ...(clear ? ['--clear'] : []));
  expect(r.code, r.stderr).toBe(0);
  return readWav(out).samples;
}

/** What line1's far party heard: its length in seconds and the digits dialled. */
async function lineProbe(s: SipSite): Promise<{ seconds: number; dialled: string }> {
  const r = await s.cliAsync('sim', 'heard', 'line1', '--out', join(s.dir, 'probe.wav'), '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { seconds: number; dialled: string };
}

/** Waits until line1's far party has heard `seconds` of audio since it was last cleared. */
async function lineHears(s: SipSite, seconds: number): Promise<void> {
  await eventually(async () => ((await lineProbe(s)).seconds >= seconds ? true : undefined), `${seconds} s of audio at line1`, 20_000);
}

/** The phone's recording of what it heard during its (ended) call. */
async function phoneHeard(p: Baresip): Promise<Int16Array> {
  const file = await eventually(() => p.recordings('dec')[0], 'baresip recording', 5000);
  return readWav(file).samples;
}

/** The last `seconds` of a recording but its final half second (hang-up edges). */
const tail = (x: Int16Array, seconds = 3) => x.subarray(Math.max(0, x.length - 4000 - seconds * 8000), x.length - 4000);

/** line1 rings, `p` answers it: connected. */
async function answer(s: SipSite, p: Baresip): Promise<void> {
  expect((await s.cliAsync('sim', 'ring', 'line1')).code).toBe(0);
  await p.nextEvent('CALL_INCOMING');
  await p.command('accept');
  await p.nextEvent('CALL_ESTABLISHED');
  await s.untilAsync((st) => (line1(st)?.state === 'connected' ? true : undefined), 'line1 connected');
}

describe.skipIf(skip !== null)(`audio end to end with baresip${skip ? ` (${skip})` : ''}`, () => {
  it.each([
    { lineHz: 1000, phoneHz: 600 },
    { lineHz: 600, phoneHz: 1000 },
  ])('a line playing $lineHz Hz and a phone playing $phoneHz Hz each hear the other within 2 Hz', async ({ lineHz, phoneHz }) => {
    const s = await site(['phone1']);
    const p = await phone(s, 'phone1', phoneHz);
    expect((await s.cliAsync('sim', 'play', 'line1', '--tone', String(lineHz))).code).toBe(0);
    expect((await s.cliAsync('sim', 'ring', 'line1')).code).toBe(0);
    await p.nextEvent('CALL_INCOMING');
    await p.command('accept');
    await p.nextEvent('CALL_ESTABLISHED');
    await s.untilAsync((st) => (line1(st)?.state === 'connected' ? true : undefined), 'line1 connected');
    await lineHeard(s, 'discard', true);
    await lineHears(s, 4);
    await p.command('hangup');
    await p.nextEvent('CALL_CLOSED');

    const atLine = steady(await lineHeard(s, 'line'));
    const atPhone = steady(await phoneHeard(p));
    expect(atLine.length).toBeGreaterThanOrEqual(16_000);
    expect(atPhone.length).toBeGreaterThanOrEqual(16_000);
    const heardByLine = dominantFrequency(atLine, 200, 3800, 5);
    const heardByPhone = dominantFrequency(atPhone, 200, 3800, 5);
    console.log(`line ${lineHz} Hz → phone heard ${heardByPhone.toFixed(2)} Hz; phone ${phoneHz} Hz → line heard ${heardByLine.toFixed(2)} Hz`);
    expect(Math.abs(heardByPhone - lineHz)).toBeLessThanOrEqual(2);
    expect(Math.abs(heardByLine - phoneHz)).toBeLessThanOrEqual(2);
    // Nobody hears themselves: the line's own tone is not sent back to it, nor the phone's to the phone.
    expect(share(atLine, lineHz)).toBeLessThan(0.01);
    expect(share(atPhone, phoneHz)).toBeLessThan(0.01);
  }, 60_000);

  it('S18 barge: a line and two phones each hear the other two and never themselves', async () => {
    const [lineHz, hz1, hz2] = [500, 900, 1300];
    const s = await site(['phone1', 'phone2']);
    const p1 = await phone(s, 'phone1', hz1);
    const p2 = await phone(s, 'phone2', hz2);
    expect((await s.cliAsync('sim', 'play', 'line1', '--tone', String(lineHz))).code).toBe(0);
    await answer(s, p1);
    // A line key pressed within 1 s of the answer is a lost race, not a barge (sla.md §6.5): let the call run first.
    await lineHears(s, 1.5);
    // phone2 dials the line's own URI: the same line key, a barge-in on a line in use (barge: true).
    await p2.command('dial', `sip:line1@127.0.0.1:${s.sipPort}`);
    await p2.nextEvent('CALL_ESTABLISHED');
    await s.untilAsync((st) => (line1(st)?.call?.connected.length === 2 ? true : undefined), 'phone2 barged into line1');
    await lineHeard(s, 'discard', true);
    await lineHears(s, 4);
    await p1.command('hangup');
    await p2.command('hangup');
    await p1.nextEvent('CALL_CLOSED');
    await p2.nextEvent('CALL_CLOSED');

    const heard1 = await phoneHeard(p1);
    // The join tone (440 Hz, 200 ms) reached phone1 when phone2 barged in.
    // It is mixed with the line's louder tone, so compare its strongest 200 ms against the typical one.
    const windows: number[] = [];
    for (let at = 0; at + 1600 <= heard1.length; at += 400) windows.push(share(heard1.subarray(at, at + 1600), 440));
    const joinShare = Math.max(...windows);
    const typical = [...windows].sort((a, b) => a - b)[Math.floor(windows.length / 2)] ?? 0;
    console.log(`phone1: 440 Hz share, strongest 200 ms ${joinShare.toFixed(3)}, median ${typical.toFixed(4)}`);
    expect(joinShare, 'phone1 heard the join tone').toBeGreaterThan(0.05);
    expect(joinShare, 'as a burst, not a steady tone').toBeGreaterThan(20 * typical);
    const parties = [
      { who: 'line', own: lineHz, others: [hz1, hz2], x: steady(await lineHeard(s, 'line')) },
      { who: 'phone1', own: hz1, others: [lineHz, hz2], x: tail(heard1) },
      { who: 'phone2', own: hz2, others: [lineHz, hz1], x: tail(await phoneHeard(p2)) },
    ];
    if (process.env['KEYLINE_DEBUG_AUDIO']) console.log((s.svc as unknown as { lines: string[] }).lines.filter((l) => /media|core|sip/.test(l)).join('\n'));
    const measured = parties.map(({ who, own, others, x }) => ({ who, x, shares: { own: share(x, own), others: others.map((hz) => share(x, hz)) } }));
    for (const { who, shares, x } of measured) {
      console.log(`${who}: ${x.length} samples, rms ${Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length).toFixed(0)}, own share ${shares.own.toFixed(4)}, others ${shares.others.map((v) => v.toFixed(3)).join(', ')}`);
    }
    for (const { who, x, shares } of measured) {
      expect(x.length, who).toBeGreaterThanOrEqual(16_000);
      for (const v of shares.others) expect(v, `${who} hears the others`).toBeGreaterThan(0.1);
      expect(shares.own, `${who} does not hear itself`).toBeLessThan(0.01);
    }
  }, 60_000);

  it('DTMF: a phone keys 0-9*# as RFC 4733 and the line is dialled exactly those digits, in order; the line\'s digits reach the phone', async () => {
    const s = await site(['phone1']);
    const p = await phone(s, 'phone1', 700);
    await answer(s, p);
    expect((await lineProbe(s)).dialled).toBe('');
    await p.command('sndcode', '0123456789*#');
    await eventually(async () => ((await lineProbe(s)).dialled.length >= 12 ? true : undefined), 'twelve digits dialled on line1', 15_000);
    expect((await lineProbe(s)).dialled).toBe('0123456789*#');

    expect((await s.cliAsync('sim', 'dtmf', 'line1', '42#')).code).toBe(0);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push(String((await p.nextEvent('CALL_DTMF_START')).param ?? ''));
    expect(got).toEqual(['4', '2', '#']);
    await p.command('hangup');
  }, 60_000);

  it('S20 hold: the held caller hears music, not the phone; resume brings the phone back and the music stops', async () => {
    const phoneHz = 1200;
    const s = await site(['phone1']);
    const p = await phone(s, 'phone1', phoneHz);
    await answer(s, p);
    await lineHears(s, 1);
    await p.command('hold');
    await s.untilAsync((st) => (line1(st)?.state.startsWith('held') ? true : undefined), 'line1 held');
    await lineHeard(s, 'discard', true);
    await lineHears(s, 3);
    const music = (await lineHeard(s, 'held')).subarray(4000);
    const musicRms = Math.sqrt(meanSquare(music));
    console.log(`held: line hears rms ${musicRms.toFixed(0)}, phone tone share ${share(music, phoneHz).toFixed(4)}`);
    expect(musicRms, 'the held caller hears music').toBeGreaterThan(500);
    expect(share(music, phoneHz), 'and not the phone').toBeLessThan(0.01);

    await p.command('resume');
    await s.untilAsync((st) => (line1(st)?.state === 'connected' ? true : undefined), 'line1 connected again');
    await lineHeard(s, 'discard', true);
    await lineHears(s, 2.5);
    const talk = (await lineHeard(s, 'resumed')).subarray(4000);
    console.log(`resumed: phone tone share ${share(talk, phoneHz).toFixed(3)}`);
    expect(share(talk, phoneHz), 'the phone is heard again, without music').toBeGreaterThan(0.9);
    await p.command('hangup');
  }, 60_000);

  it('lossy network: 5 % loss and 0-40 ms jitter each way, the tones stay within 2 Hz and no stream stalls', async () => {
    const [lineHz, phoneHz] = [1000, 600];
    const s = await site(['phone1']);
    // SIP goes through a clean relay that points keyline's SDP at the impairing RTP relay; keyline
    // latches onto the relay's address (symmetric RTP), so both directions cross the bad path.
    const rtp = await RtpImpairRelay.start({ loss: 0.05, jitterMs: 40, seed: 0x10_55 });
    const sip = await UdpLossRelay.start({
      server: { address: '127.0.0.1', port: s.sipPort }, loss: 0, seed: 1,
      transform: (dir, m) => (dir === 'toPhone' ? redirectSdp(m, rtp.phonePort, (a, p) => rtp.toServer(a, p)) : m),
    });
    closers.push(() => sip.close(), () => rtp.close());
    const p = await Baresip.start({ registrar: sip.port, user: 'phone1', password: 'phone1-secret-1', toneHz: phoneHz, record: true });
    phones.push(p);
    await s.untilAsync((st) => (st.stations.find((x) => x.id === 'phone1')?.reachable ? true : undefined), 'phone1 registered through the relay');
    expect((await s.cliAsync('sim', 'play', 'line1', '--tone', String(lineHz))).code).toBe(0);
    await answer(s, p);
    await lineHeard(s, 'discard', true);
    await lineHears(s, 5);
    const legStats = (await s.statusAsync()).media?.lines[0]?.stations[0]?.leg;
    console.log(`keyline leg: ${JSON.stringify(legStats)}`);
    await p.command('hangup');
    await p.nextEvent('CALL_CLOSED');

    const atLine = (await lineHeard(s, 'line')).subarray(8000);
    const atPhone = tail(await phoneHeard(p), 4);
    console.log(`relay: ${JSON.stringify(rtp.counts)}`);
    expect(rtp.counts.toServer.dropped).toBeGreaterThan(0);
    expect(rtp.counts.toPhone.dropped).toBeGreaterThan(0);
    for (const [who, x, hz] of [['line', atLine, phoneHz], ['phone', atPhone, lineHz]] as const) {
      // No stall: every 100 ms of what each side heard carries sound.
      const quiet: number[] = [];
      for (let at = 0; at + 800 <= x.length; at += 800) if (Math.sqrt(meanSquare(x.subarray(at, at + 800))) < 500) quiet.push(at / 8000);
      const f = dominantFrequency(x, 200, 3800, 5);
      console.log(`${who}: ${(x.length / 8000).toFixed(1)} s, dominant ${f.toFixed(2)} Hz, quiet 100 ms windows at ${quiet.join(', ') || 'none'} s`);
      expect(Math.abs(f - hz), `${who} hears ${hz} Hz`).toBeLessThanOrEqual(2);
      expect(quiet, `${who}: no stalled stretch`).toEqual([]);
    }
  }, 60_000);

  it('a refused call hears the busy tone as early media before 486 (barge off, line in use)', async () => {
    const s = await site(['phone1', 'phone2'], 'barge: false');
    const p1 = await phone(s, 'phone1', 900);
    const p2 = await phone(s, 'phone2', 1300);
    await answer(s, p1);
    await p2.nextEvent('CALL_CLOSED'); // line1's ring, cancelled when phone1 answered
    await lineHears(s, 1.5);
    await p2.command('dial', `sip:line1@127.0.0.1:${s.sipPort}`);
    const closed = await p2.nextEvent('CALL_CLOSED', 15_000);
    console.log(`phone2 refused: ${closed.param ?? ''}`);
    expect(String(closed.param)).toMatch(/486/);
    const heard = await phoneHeard(p2);
    const busy = heard.subarray(0, Math.min(heard.length, 16_000));
    // The US busy tone: 480 + 620 Hz, 500 ms on, 500 ms off.
    console.log(`phone2 early media: ${(heard.length / 8000).toFixed(2)} s, 480 Hz share ${share(busy, 480).toFixed(3)}, 620 Hz share ${share(busy, 620).toFixed(3)}`);
    expect(heard.length).toBeGreaterThanOrEqual(16_000);
    // Keyed 50 % on, a tone keeps half its power at its own frequency: 0.25 each of the two.
    expect(share(busy, 480)).toBeGreaterThan(0.2);
    expect(share(busy, 620)).toBeGreaterThan(0.2);
    await p1.command('hangup');
  }, 60_000);

  it('a seizure from the phone hears keyline\'s ringback until the line is seized, then the line', async () => {
    const s = await site(['phone1']);
    const p = await phone(s, 'phone1', 700);
    expect((await s.cliAsync('sim', 'play', 'line1', '--tone', '1000')).code).toBe(0);
    await p.command('dial', `sip:phone1_line1@127.0.0.1:${s.sipPort}`);
    await p.nextEvent('CALL_ESTABLISHED');
    await s.untilAsync((st) => (line1(st)?.state === 'connected' ? true : undefined), 'line1 seized');
    await lineHears(s, 1.5);
    await p.command('hangup');
    await p.nextEvent('CALL_CLOSED');
    const heard = await phoneHeard(p);
    // 100 ms windows: the default ringback (425 Hz) before the seizure completes, the line's 1 kHz after.
    const windows: Array<{ at: number; ringback: number; line: number }> = [];
    for (let at = 0; at + 800 <= heard.length; at += 800) {
      const w = heard.subarray(at, at + 800);
      windows.push({ at: at / 8000, ringback: share(w, 425), line: share(w, 1000) });
    }
    const firstRingback = windows.findIndex((w) => w.ringback > 0.5);
    const firstLine = windows.findIndex((w) => w.line > 0.5);
    console.log(`ringback from ${windows[firstRingback]?.at ?? '-'} s, line audio from ${windows[firstLine]?.at ?? '-'} s`);
    expect(firstRingback, 'ringback heard').toBeGreaterThanOrEqual(0);
    expect(firstLine, 'then the line').toBeGreaterThan(firstRingback);
    expect(windows.slice(firstLine + 1).every((w) => w.ringback < 0.05), 'and the ringback stops').toBe(true);
  }, 60_000);
});
