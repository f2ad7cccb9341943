import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ControlClient } from '../../src/cli/ControlClient.js';
import type { SimCommand } from '../../src/control/messages.js';
import type { LineStatus, StationStatus, SystemStatus } from '../../src/core/status.js';
import { freePort } from './freePort.js';
import { requireBuild } from './ServiceProcess.js';
import { HAS_SIPP, peerMissing, runSipp } from './Sipp.js';
import type { SippResult, SippRun } from './Sipp.js';
import { SipSite } from './SipSite.js';
import type { SipPhoneSpec } from './SipSite.js';

/**
 * What the SIPp call-flow suites (test/sip/alert-calls, phone-calls) share: sites and phones
 * started per test and stopped at the end, the CLI's status read without blocking the other
 * tests, SIPp's message log read as an ordered list of steps, and cues to a running scenario.
 */
export const skip = peerMissing('SIPp', HAS_SIPP);
const sites: SipSite[] = [];
const runs: SippRun[] = [];
const clients = new Map<SipSite, Promise<ControlClient>>();

/** Registers the suite's set-up and clean-up: the built service, and every site, SIPp and client stopped. */
export function sipCallSuiteHooks(): void {
  beforeAll(requireBuild);
  afterAll(async () => {
    for (const r of runs.splice(0)) r.stop();
    for (const c of clients.values()) (await c.catch(() => null))?.close();
    clients.clear();
    for (const s of sites.splice(0)) await s.kill();
  });
}

// ---- harness for this suite -----------------------------------------------------------------

export const secret = (id: string) => `${id}-secret`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSite(phones: Array<string | SipPhoneSpec>, lineOptions = ''): Promise<SipSite> {
  const site = new SipSite(phones.map((p) => (typeof p === 'string' ? { id: p, password: secret(p) } : p)), lineOptions);
  sites.push(site);
  return site.start();
}

export function control(site: SipSite): Promise<ControlClient> {
  let c = clients.get(site);
  if (!c) {
    c = ControlClient.connect(site.sock);
    clients.set(site, c);
  }
  return c;
}

/** A `keyline sim …` command, sent as the CLI sends it; the service's answer ("desk: refused busy"). */
export async function sim(site: SipSite, cmd: SimCommand): Promise<string> {
  return String(await (await control(site)).request(cmd));
}

/** `keyline status --json`, run as a command without blocking the other tests. */
export function cliStatus(site: SipSite): Promise<SystemStatus> {
  return site.statusAsync();
}

/** Polls the status on the control socket until the probe returns something (bounded). */
export async function until<T>(site: SipSite, probe: (s: SystemStatus) => T | undefined | false, what: string, ms = 8000): Promise<T> {
  const c = await control(site);
  const deadline = Date.now() + ms;
  for (;;) {
    const s = (await c.request({ cmd: 'status' })) as SystemStatus;
    const v = probe(s);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; lines: ${JSON.stringify(s.lines)}, legs: ${JSON.stringify(s.sip?.legs)}`);
    await sleep(30);
  }
}

export function lineOf(s: SystemStatus, id: string): LineStatus {
  const l = s.lines.find((x) => x.id === id);
  if (!l) throw new Error(`no line ${id} in status`);
  return l;
}

export function stationOf(s: SystemStatus, id: string): StationStatus {
  const st = s.stations.find((x) => x.id === id);
  if (!st) throw new Error(`no station ${id} in status`);
  return st;
}

export const lampOf = (s: SystemStatus, station: string, line: string) => stationOf(s, station).lamps.find((l) => l.line === line)?.lamp;
export const connected = (s: SystemStatus, line: string) => lineOf(s, line).call?.connected ?? [];

export interface Phone {
  port: number;
  run: SippRun;
  /** The test's cue to the scenario: a request in its call (phone-*.xml wait for INFO). */
  cue(method?: string): Promise<void>;
  done: Promise<SippResult>;
}

/**
 * One SIPp instance for a phone, in a directory of its own (its logs), on a free port. UAC
 * scenarios (`ruri` given) send to keyline and sign the digest over that Request-URI; UAS
 * scenarios wait for keyline (`target` when they also send to it).
 */
export async function phone(site: SipSite, scenario: string, o: {
  user: string; ruri?: string; port?: number; target?: boolean; vars?: Record<string, string>; calls?: number; timeoutMs?: number; extra?: string[];
}): Promise<Phone> {
  const port = o.port ?? await sippPort();
  const dir = mkdtempSync(join(site.dir, `${scenario.replace(/\.xml$/, '')}-`));
  const uac = o.ruri !== undefined;
  const run = runSipp({
    scenario, port, dir, calls: o.calls, timeoutMs: o.timeoutMs ?? 15_000,
    target: uac || o.target ? site.sipPort : undefined,
    vars: { user: o.user, password: secret(o.user), header: 'Subject: keyline test', ...(uac ? { ruri: o.ruri ?? '' } : {}), ...o.vars },
    extra: [...(uac ? ['-auth_uri', `${o.ruri}@127.0.0.1:${site.sipPort}`] : []), ...(o.extra ?? [])],
  });
  runs.push(run);
  // SIPp's default Call-ID is `<call number>-<pid>@<local ip>`: the cue names the first call.
  const callId = `1-${run.pid}@127.0.0.1`;
  if (!uac) await listening(port);
  return { port, run, done: run.done, cue: (method = 'INFO') => cue(port, callId, method) };
}

/** The phone registers (register.xml) with a contact on this port; resolves once keyline shows it. */
export async function register(site: SipSite, user: string, port: number): Promise<void> {
  const dir = mkdtempSync(join(site.dir, 'register-'));
  const r = await runSipp({ scenario: 'register.xml', target: site.sipPort, port, dir, vars: { user, password: secret(user) }, timeoutMs: 5000 }).done;
  expect(r.code, r.errors || r.messages).toBe(0);
  await until(site, (s) => s.sip?.registrations.some((b) => b.station === user), `${user} registered`);
}

export function udpFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const u = createSocket('udp4');
    u.once('error', () => resolve(false));
    u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
  });
}

/** A port for SIPp: free, and so are the media ports runSipp gives it (+1000, and SIPp's +1002). */
export async function sippPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 1002 < 65536 && await udpFree(port + 1000) && await udpFree(port + 1002)) return port;
  }
}

/** Resolves once something (the SIPp just started) holds the UDP port. */
export async function listening(port: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (!await udpFree(port)) return;
    await sleep(20);
  }
  throw new Error(`SIPp did not bind 127.0.0.1:${port}`);
}

let cueSeq = 0;
export function cue(port: number, callId: string, method: string): Promise<void> {
  const n = ++cueSeq;
  const text = [
    `${method} sip:cue@127.0.0.1:${port} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-cue-${n}`, `From: <sip:test@127.0.0.1>;tag=cue${n}`,
    'To: <sip:cue@127.0.0.1>', `Call-ID: ${callId}`, `CSeq: ${n} ${method}`, 'Max-Forwards: 70', 'Content-Length: 0', '', '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const u = createSocket('udp4');
    u.send(text, port, '127.0.0.1', (err) => {
      u.close();
      if (err) reject(err);
      else resolve();
    });
  });
}

/**
 * SIPp's message log as a list: `> INVITE` (sent), `< 180 INVITE` (received, with the CSeq
 * method); retransmissions that follow each other count once. `at` is SIPp's time of each.
 */
export function flow(messages: string): Array<{ m: string; at: number }> {
  const out: Array<{ m: string; at: number }> = [];
  for (const block of messages.split(/^(?=-{10,} \d{4}-\d\d-\d\d )/m)) {
    const head = /^-+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\n.*?(sent|received)[^\n]*\n\s*\n([^\n]*)/.exec(block);
    if (!head) continue;
    const [, time = '', dir = '', start = ''] = head;
    const status = /^SIP\/2\.0 (\d{3})/.exec(start);
    const method = /^CSeq:\s*\d+\s+(\w+)/im.exec(block)?.[1] ?? '?';
    const m = `${dir === 'sent' ? '>' : '<'} ${status ? `${status[1]} ${method}` : start.split(' ')[0]}`;
    if (out.at(-1)?.m !== m) out.push({ m, at: Date.parse(time.replace(' ', 'T')) });
  }
  return out;
}

export const steps = (r: SippResult) => flow(r.messages).map((x) => x.m);

/** The expected messages occur in this order (others may come between). */
export function expectInOrder(r: SippResult, expected: string[]): void {
  const got = steps(r);
  let i = 0;
  for (const m of got) if (m === expected[i]) i++;
  expect(i, `expected in order ${expected.join(', ')}; SIPp saw ${got.join(', ')}`).toBe(expected.length);
}

export async function finished(p: Phone): Promise<SippResult> {
  const r = await p.done;
  expect(r.code, `SIPp failed:\n${r.errors}\n${r.messages.slice(-3000)}`).toBe(0);
  return r;
}

// The usual exchange of a phone's INVITE that keyline answers, and its own hang-up on cue.
export const ANSWERED = ['> INVITE', '< 401 INVITE', '> ACK', '> INVITE', '< 200 INVITE', '> ACK'];
export const HUNG_UP = ['< INFO', '> BYE', '< 200 BYE'];

/** sim ring line1 (the usual caller); resolves once it rings. */
export async function ringLine1(site: SipSite): Promise<void> {
  expect(await sim(site, { cmd: 'sim.ring', line: 'line1', number: '5551234', name: 'DOE JOHN' })).toMatch(/ringing/);
  await until(site, (s) => lineOf(s, 'line1').state === 'ringing.active', 'line1 ringing');
}
