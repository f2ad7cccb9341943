import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { requireBuild } from '../support/ServiceProcess.js';
import { HAS_SIPP, peerMissing, runSipp } from '../support/Sipp.js';
import type { SippRun } from '../support/Sipp.js';
import { SipSite } from '../support/SipSite.js';

/**
 * BLF (lamps.md §4, presence.md §4) against the built service, with SIPp as the phone's line
 * keys: SUBSCRIBE Event: dialog with digest, the NOTIFYs a call produces (each body's version and
 * `<state>` logged by SIPp's `<ereg>` actions, in order), refresh, unsubscribe, and refusals.
 */
const skip = peerMissing('SIPp', HAS_SIPP);
const sites: SipSite[] = [];
const runs: SippRun[] = [];
const DOMAIN = 'test.keyline.invalid';
const PHONES = [{ id: 'phone1', password: 'phone1-secret' }, { id: 'phone2', password: 'phone2-secret' }];

beforeAll(requireBuild);
afterEach(async () => {
  for (const r of runs.splice(0)) r.stop();
  for (const s of sites.splice(0)) await s.kill();
});

type SubscriptionView = NonNullable<ReturnType<SipSite['status']>['sip']>['subscriptions'][number] & { notifying?: boolean };

/** One SIPp scenario from test/sipp in its own directory (two may run at once). */
async function sipp(site: SipSite, scenario: string, name: string, target: string, vars: Record<string, string>): Promise<{ run: SippRun; dir: string }> {
  const dir = join(site.dir, name);
  mkdirSync(dir);
  const run = runSipp({
    scenario, target: site.sipPort, port: await freePort(), dir, timeoutMs: 25_000,
    // SIPp's digest `uri` is the remote address unless told: it must be the Request-URI (RFC 7616 §3.4.6).
    extra: ['-trace_logs', '-auth_uri', `${target}@${DOMAIN}`],
    vars: { user: 'phone1', password: 'phone1-secret', domain: DOMAIN, target, ...vars },
  });
  runs.push(run);
  return { run, dir };
}

/** The lines the scenario's `<log>` actions wrote, in order. */
function sippLog(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('_logs.log'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')).map((l) => l.trim()).filter((l) => l !== '');
}

/** The NOTIFY requests SIPp received, in order, from its -trace_msg log. */
function notifies(messages: string): string[] {
  return messages.split(/^-{10,}.*$/m).map((s) => s.replace(/^\s*UDP message received \[\d+\] bytes :\s*/, ''))
    .filter((s) => s.startsWith('NOTIFY '));
}

interface Logged { version: number; state: string; direction: string | null; rendering: string | null; subscription: string }

function parseNotifyLine(line: string): Logged | null {
  const m = /^NOTIFY version=(\d+) state=(\w+) direction=(.+?) rendering=(.+?) subscription=(\S+)$/.exec(line);
  if (!m) return null;
  const value = (s: string | undefined) => /="([^"]+)"$/.exec(s ?? '')?.[1] ?? null; // `</dialog>`: the body has none
  return { version: Number(m[1]), state: m[2] ?? '', direction: value(m[3]), rendering: value(m[4]), subscription: m[5] ?? '' };
}

describe.skipIf(skip !== null)(`BLF with SIPp phones${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('phone1_line1 and line1: 200 with Expires, NOTIFY v0 idle, then early → caller ID → confirmed → held → terminated, refresh, unsubscribe', { timeout: 60_000 }, async () => {
    const site = await new SipSite(PHONES, 'callerId: true').start();
    sites.push(site);
    const own = await sipp(site, 'blf-subscribe.xml', 'own', 'phone1_line1', { notifies: '6' });
    const line = await sipp(site, 'blf-subscribe.xml', 'line', 'line1', { notifies: '6' });

    // Each step waits until both subscriptions' NOTIFY of that version was answered.
    const answered = (version: number) => site.until((s) => {
      const subs = (s.sip?.subscriptions ?? []) as SubscriptionView[];
      return subs.length === 2 && subs.every((x) => x.version === version && x.notifying === false) ? subs : undefined;
    }, `both subscriptions at version ${version}, answered`);

    const subs = await answered(0);
    expect(subs.map((x) => [x.subscriber, x.viewer, x.line, x.state])).toEqual([['phone1', 'phone1', 'line1', 'active'], ['phone1', 'phone1', 'line1', 'active']]);
    expect(Math.max(...subs.map((x) => x.expiresIn))).toBeLessThanOrEqual(600); // asked for 3600: granted at most 600
    // The simulated line sends caller ID in the first silent interval (~3.2 s, US): one more
    // NOTIFY, still early, now with the caller (lamps.md §4.4: a body change without a lamp change).
    const steps: Array<[string[] | null, number]> = [
      [['sim', 'ring', 'line1', '--number', '5551234', '--name', 'DOE JOHN'], 1],
      [null, 2],
      [['sim', 'press', 'desk', 'line1'], 3],
      [['sim', 'hold', 'desk'], 4],
      [['sim', 'hangup', 'line1'], 5],
    ];
    for (const [cmd, version] of steps) {
      if (cmd) {
        const r = site.cli(...cmd);
        expect(r.code, r.stderr).toBe(0);
      }
      // v5 is the last one the scenario waits for: at once it refreshes and unsubscribes.
      if (version < 5) await answered(version);
    }
    for (const { run, dir } of [own, line]) {
      const done = await run.done;
      expect(done.code, `${dir}: ${done.errors || done.messages.slice(-3000)}`).toBe(0);
      const log = sippLog(dir);
      expect(log.filter((l) => l.startsWith('200 '))).toEqual(['200 SUBSCRIBE expires=600', '200 refresh expires=300', '200 unsubscribe expires=0']);
      const logged = log.map(parseNotifyLine).filter((x): x is Logged => x !== null);
      expect(logged.map((n) => [n.version, n.state, n.direction, n.rendering])).toEqual([
        [0, 'terminated', null, null],
        [1, 'early', 'recipient', null],
        [2, 'early', 'recipient', null], // caller ID arrived
        [3, 'confirmed', 'recipient', null],
        [4, 'confirmed', 'recipient', 'no'],
        [5, 'terminated', null, null],
        [6, 'terminated', null, null], // the refresh: full state again, next version
        [7, 'terminated', null, null], // Expires: 0
      ]);
      expect(logged.slice(0, 7).every((n) => /^active;expires=\d+$/.test(n.subscription))).toBe(true);
      expect(logged[7]?.subscription).toBe('terminated;reason=timeout');

      // The bodies themselves (lamps.md §4.2, §4.3): full state, one dialog, the line call's handle.
      const bodies = notifies(done.messages).map((n) => n.slice(n.indexOf('<?xml')));
      expect(bodies).toHaveLength(8);
      for (const [i, b] of bodies.entries()) {
        expect(b).toContain(`version="${i}" state="full" entity="sip:line1@${DOMAIN}"`);
        expect(b.match(/<dialog /g)).toHaveLength(1);
      }
      expect(bodies[0]).toContain('<dialog id="line1-0"><state>terminated</state></dialog>');
      for (const b of bodies.slice(1, 5)) {
        expect(b).toContain(`<dialog id="line1-1" call-id="line1-1@${DOMAIN}" local-tag="l1" remote-tag="r1" direction="recipient">`);
        expect(b).toContain(`<local><identity display="Main">sip:line1@${DOMAIN}</identity>`);
      }
      expect(bodies[1]).not.toContain('<remote>');
      for (const b of bodies.slice(2, 5)) expect(b).toContain(`<remote><identity display="DOE JOHN">sip:5551234@${DOMAIN}</identity></remote>`);
      expect(bodies[3]).not.toContain('<target');
      expect(bodies[4]).toContain(`<target uri="sip:line1@${DOMAIN}"><param pname="+sip.rendering" pvalue="no"/></target>`);
      for (const b of bodies.slice(5)) expect(b).toContain('<dialog id="line1-1"><state>terminated</state></dialog>');
      // The 200 reaches the phone before the first NOTIFY (the scenario's order; it failed before the transport kept it).
      expect(done.messages.indexOf('SIP/2.0 200 OK')).toBeLessThan(done.messages.indexOf('NOTIFY sip:'));
    }
    expect(site.status().sip?.subscriptions).toEqual([]);
  });

  it('refusals: Event: presence → 489 with Allow-Events: dialog; no credentials → 401 and no NOTIFY; phone2_line1 for phone1 → 404', { timeout: 45_000 }, async () => {
    const site = await new SipSite(PHONES).start();
    sites.push(site);
    const presence = await sipp(site, 'blf-refused.xml', 'presence', 'line1', { event: 'presence', status: '489', quiet: '1500' });
    const other = await sipp(site, 'blf-refused.xml', 'other', 'phone2_line1', { event: 'dialog', status: '404', quiet: '1500' });
    const noauth = await sipp(site, 'blf-noauth.xml', 'noauth', 'phone1_line1', { quiet: '1500' });
    const results = await Promise.all([presence, other, noauth].map(async ({ run, dir }) => ({ dir, done: await run.done, log: sippLog(dir) })));
    for (const { dir, done } of results) {
      expect(done.code, `${dir}: ${done.errors || done.messages.slice(-3000)}`).toBe(0);
      expect(notifies(done.messages), dir).toEqual([]);
    }
    const [p, o, n] = results;
    expect(p?.log).toEqual(['refused: SIP/2.0 489 allow-events=dialog']);
    expect(o?.log).toEqual(['refused: SIP/2.0 404 allow-events=']);
    expect(n?.log).toEqual([`401 Digest realm="${DOMAIN}"`]);
    expect(site.status().sip?.subscriptions).toEqual([]);
  });
});
