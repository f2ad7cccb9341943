import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dominantFrequency, goertzel } from '../../src/media/dtmf/index.js';
import type { SystemStatus } from '../../src/core/status.js';
import { Baresip, HAS_BARESIP } from '../support/Baresip.js';
import { eventually, requireBuild } from '../support/ServiceProcess.js';
import { peerMissing } from '../support/Sipp.js';
import { SipSite } from '../support/SipSite.js';
import { readWav } from '../support/readWav.js';

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

beforeAll(requireBuild);
afterEach(async () => {
  for (const p of phones.splice(0)) await p.stop();
  for (const s of sites.splice(0)) await s.kill();
});

const line1 = (s: SystemStatus) => s.lines.find((l) => l.id === 'line1');
/** Audio to analyse: skip the first second (jitter buffers filling, the join tone), keep up to 3 s. */
const steady = (x: Int16Array, from = 8000, n = 24_000) => x.subarray(from, Math.min(x.length, from + n));
/** Power of `hz` relative to the recording's total power (0..~0.5 for a pure tone). */
function share(x: Int16Array, hz: number): number {
  let energy = 0;
  for (const v of x) energy += v * v;
  return energy === 0 ? 0 : (2 * goertzel(x, hz)) / energy;
}

async function site(phoneIds: string[]): Promise<SipSite> {
  const s = await new SipSite(phoneIds.map((id) => ({ id, password: `${id}-secret-1` })), 'barge: true').start();
  sites.push(s);
  return s;
}

async function phone(s: SipSite, id: string, toneHz: number): Promise<Baresip> {
  const p = await Baresip.start({ registrar: s.sipPort, user: id, password: `${id}-secret-1`, toneHz, record: true });
  phones.push(p);
  await s.until((st) => (st.stations.find((x) => x.id === id)?.reachable ? true : undefined), `${id} registered`);
  return p;
}

/** What line1's far party heard, from `keyline sim heard --out`. */
function lineHeard(s: SipSite, name: string): Int16Array {
  const out = join(s.dir, `${name}.wav`);
  const r = s.cli('sim', 'heard', 'line1', '--out', out);
  expect(r.code, r.stderr).toBe(0);
  return readWav(out).samples;
}

/** Waits until line1's far party has heard `seconds` of audio since it was last cleared. */
async function lineHears(s: SipSite, seconds: number): Promise<void> {
  await eventually(() => {
    const r = s.cli('sim', 'heard', 'line1', '--out', join(s.dir, 'probe.wav'), '--json');
    return r.code === 0 && (JSON.parse(r.stdout) as { seconds: number }).seconds >= seconds ? true : undefined;
  }, `${seconds} s of audio at line1`, 20_000);
}

/** The phone's recording of what it heard during its (ended) call. */
async function phoneHeard(p: Baresip): Promise<Int16Array> {
  const file = await eventually(() => p.recordings('dec')[0], 'baresip recording', 5000);
  return readWav(file).samples;
}

describe.skipIf(skip !== null)(`audio end to end with baresip${skip ? ` (${skip})` : ''}`, () => {
  it.each([
    { lineHz: 1000, phoneHz: 600 },
    { lineHz: 600, phoneHz: 1000 },
  ])('a line playing $lineHz Hz and a phone playing $phoneHz Hz each hear the other within 2 Hz', async ({ lineHz, phoneHz }) => {
    const s = await site(['phone1']);
    const p = await phone(s, 'phone1', phoneHz);
    expect(s.cli('sim', 'play', 'line1', '--tone', String(lineHz)).code).toBe(0);
    expect(s.cli('sim', 'ring', 'line1').code).toBe(0);
    await p.nextEvent('CALL_INCOMING');
    await p.command('accept');
    await p.nextEvent('CALL_ESTABLISHED');
    await s.until((st) => (line1(st)?.state === 'connected' ? true : undefined), 'line1 connected');
    s.cli('sim', 'heard', 'line1', '--out', join(s.dir, 'discard.wav'), '--clear');
    await lineHears(s, 4);
    await p.command('hangup');
    await p.nextEvent('CALL_CLOSED');

    const atLine = steady(lineHeard(s, 'line'));
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
});
