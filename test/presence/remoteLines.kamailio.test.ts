import { createSocket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SipStatusView } from '../../src/core/status.js';
import type { PanelStatus } from '../../src/service/PanelHub.js';
import type { PresenceLinkStatus } from '../../src/sip/presence/index.js';
import { freePort } from '../support/freePort.js';
import { ROOT, ServiceProcess, cli, requireBuild, tempDir } from '../support/ServiceProcess.js';
import { HAS_SIPP, peerMissing, runSipp } from '../support/Sipp.js';
import { HAS_KAMAILIO, Kamailio } from './Kamailio.js';
import { Watcher } from './Watcher.js';

const skip = peerMissing('kamailio (kamailio, kamailio-presence-modules)', HAS_KAMAILIO) ?? peerMissing('sipp', HAS_SIPP);
const SITES_CFG = join(ROOT, 'test', 'fixtures', 'kamailio', 'kamailio-sites.cfg');
const dom = (site: string) => `${site}.sites.keyline.test`;
/** The probe's refresh interval (presence.md K4): a server restart is noticed within it. */
const PROBE_REFRESH_MS = 30_000;

interface Status { presence?: PresenceLinkStatus; panels: PanelStatus[]; sip?: SipStatusView }

/**
 * Issue 5 part 3 with a real presence server: sites A, B (and later C), each its own `keyline
 * run` with its own domain and configuration, publish to one Kamailio and subscribe there to the
 * remote lines they show. B shows A's line1 on panel key 5 (desk1 of the sim board) and to a
 * SIPp phone's BLF key at B.
 * Every process on 127.0.0.1, started and stopped by PID, bounded in time.
 */
describe.skipIf(skip !== null)(`remote lines across sites through Kamailio${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const dir = tempDir('remote-lines');
  const stops: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  /** Panel key of each remote line on the sim board's desk1 (configuration `remoteLines[].keys`). */
  const KEY: Record<string, number> = { a: 5, b: 6, c: 7 };

  interface Site { name: string; sock: string; svc: ServiceProcess; sipPort: number }

  function config(name: string, kPort: number, remote: string[], sipPort: number): string {
    const file = join(dir, `${name}-${remote.join('-') || 'none'}.yaml`);
    writeFileSync(file, [
      `site: { name: "Site ${name.toUpperCase()}", domain: ${dom(name)} }`,
      'presence:',
      `  server: "sip:127.0.0.1:${kPort};transport=tcp"`,
      '  expires: 60',
      '  username: branch7',
      '  password: "pub-secret-1"',
      'sip:',
      `  listen: { address: 127.0.0.1, port: ${sipPort}, tcp: true }`,
      '  digest: [MD5]',
      'defaults: { line: { callerIdWait: 0 } }',
      'lines:',
      '  - { id: line1, port: line1, label: Main }',
      '  - { id: line2, port: line2, label: Sales }',
      'stations:',
      '  - { id: desk, kind: sim, lines: [line1, line2] }',
      '  - { id: phone1, kind: sip, password: "phone1-secret", lines: [line1] }',
      ...(remote.length > 0 ? ['remoteLines:', ...remote.map((r) => `  - { id: ${r}-line1, uri: "sip:line1@${dom(r)}", label: "${r.toUpperCase()}/line1", keys: [{ panel: desk1, key: ${KEY[r] ?? 8} }] }`)] : []),
      '',
    ].join('\n'));
    return file;
  }

  async function start(name: string, kPort: number, remote: string[]): Promise<Site> {
    const sock = join(dir, `${name}.sock`);
    const sipPort = await freePort();
    const svc = new ServiceProcess(['--config', config(name, kPort, remote, sipPort), '--socket', sock, '--state-dir', join(dir, `state-${name}`), '--log-level', 'debug']);
    stops.push(() => svc.kill());
    await svc.waitFor(/service event=ready/);
    await svc.waitFor(/presence event=publishing/);
    return { name, sock, svc, sipPort };
  }

  function sim(site: Site, ...args: string[]): void {
    const r = cli(['sim', ...args, '--socket', site.sock]);
    if (r.code !== 0) throw new Error(`keyline sim ${args.join(' ')} at ${site.name}: ${r.stderr}`);
  }

  function status(site: Site): Status {
    return JSON.parse(cli(['status', '--json', '--socket', site.sock]).stdout) as Status;
  }

  /** Waits (bounded) for a log line of `site` after line `from` that matches; its arrival time (Date.now()). */
  async function logged(site: Site, re: RegExp, from: number, what: string, ms = 10_000): Promise<{ at: number; index: number }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = site.svc.lines.findIndex((l, i) => i >= from && re.test(l));
      if (index >= 0) return { at: Date.now(), index };
      if (Date.now() > deadline) throw new Error(`${site.name}: no ${what} within ${ms} ms; remote lamps: ${site.svc.lines.filter((l) => l.includes('remote-lamp')).slice(-8).join('\n')}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  const lampRe = (line: string, lamp: string) => new RegExp(`presence\\.subscriber event=remote-lamp line=${line} lamp=${lamp}$`);

  it('B shows A/line1 (panel key, status, a phone at B); a Kamailio restart heals; site C joins by configuration only; bad input is refused', { timeout: 240_000 }, async () => {
    requireBuild();
    const kPort = await freePort();
    const kamailio = new Kamailio(kPort, dir, SITES_CFG);
    stops.push(() => kamailio.stop());
    await kamailio.start();
    const a = await start('a', kPort, ['b']);
    const b = await start('b', kPort, ['a']);
    await logged(b, lampRe('a-line1', 'idle'), 0, 'A/line1 idle at B');
    await logged(a, lampRe('b-line1', 'idle'), 0, 'B/line1 idle at A');

    // A phone registered at B with a BLF key for A's line1, subscribed to B (never to Kamailio).
    const wdir = join(dir, 'phone-b');
    mkdirSync(wdir);
    const phonePort = await freePort();
    const reg = await runSipp({ scenario: 'register.xml', target: b.sipPort, port: phonePort, dir: wdir, vars: { user: 'phone1', password: 'phone1-secret' }, timeoutMs: 10_000 }).done;
    expect(reg.code, reg.errors || reg.messages).toBe(0);
    expect(status(b).sip?.registrations.map((r) => r.station)).toContain('phone1');
    const phone = new Watcher(wdir, b.sipPort, phonePort, 'a-line1', dom('b'), 'remote-blf-watcher.xml', { user: 'phone1', password: 'phone1-secret' }, ['-auth_uri', `a-line1@${dom('b')}`]);
    stops.push(() => phone.stop());
    let seen = await phone.next(0, (n) => n.states.includes('terminated'), 'the idle remote line').catch((err: unknown) => {
      throw new Error(`${String(err)}\nB: ${b.svc.lines.filter((l) => /subscribe-refused/.test(l)).slice(-10).join('\n')}`);
    });

    // Ring A's line1: B's lamp blinks (ringing-not-here), the phone at B gets early.
    let from = b.svc.lines.length;
    const publishesAtRing = kamailio.publishTimes.length;
    const t0 = Date.now();
    sim(a, 'ring', 'line1', '--number', '5551234', '--name', 'DOE JOHN');
    const ringing = await logged(b, lampRe('a-line1', 'ringing-not-here'), from, 'A/line1 ringing at B');
    seen = await phone.next(seen.index + 1, (n) => n.states.includes('early'), 'early at the phone');
    expect(seen.body).toContain('direction="recipient"');
    expect(seen.body).toContain(`entity="sip:a-line1@${dom('b')}"`);
    const ringToLamp = ringing.at - t0;
    const ringToPhone = seen.wall - t0;
    const publishAt = kamailio.publishTimes[publishesAtRing] ?? NaN;
    const sb = status(b);
    expect(sb.panels[0]?.keys.find((k) => k.key === 5)).toEqual({ key: 5, line: 'a-line1', lamp: 'ringing-not-here' });
    expect(sb.presence?.remoteLines.find((r) => r.id === 'a-line1')).toMatchObject({ phase: 'active', state: 'ringing', lamp: 'ringing-not-here', label: 'A/line1' });

    // Answer, hold, hang up follow, at B and at the phone.
    for (const [cmd, lamp, match] of [
      [['answer', 'desk'], 'in-use-other', (n: { states: string[]; held: boolean }) => n.states.includes('confirmed') && !n.held],
      [['hold', 'desk'], 'held-other', (n: { states: string[]; held: boolean }) => n.states.includes('confirmed') && n.held],
      [['hangup', 'line1'], 'idle', (n: { states: string[] }) => n.states.includes('terminated')],
    ] as const) {
      from = b.svc.lines.length;
      sim(a, ...cmd);
      await logged(b, lampRe('a-line1', lamp), from, `A/line1 ${lamp} at B`);
      seen = await phone.next(seen.index + 1, match, `${lamp} at the phone`);
    }

    // Kamailio restarts mid-call (memory mode: every publication and subscription lost, K4).
    sim(a, 'ring', 'line1');
    await logged(b, lampRe('a-line1', 'ringing-not-here'), from, 'second call ringing at B');
    from = b.svc.lines.length;
    sim(a, 'answer', 'desk');
    await logged(b, lampRe('a-line1', 'in-use-other'), from, 'second call in use at B');
    from = b.svc.lines.length;
    await kamailio.stop();
    await kamailio.start();
    const tBack = Date.now();
    const lost = await logged(b, lampRe('a-line1', 'unknown'), from, 'A/line1 unknown at B after the restart', PROBE_REFRESH_MS + 5000);
    const healed = await logged(b, lampRe('a-line1', 'in-use-other'), lost.index, 'A/line1 in use again at B', PROBE_REFRESH_MS + 5000);
    const healMs = healed.at - tBack;
    expect(healMs).toBeLessThan(PROBE_REFRESH_MS + 5000);
    from = b.svc.lines.length;
    sim(a, 'hangup', 'line1');
    await logged(b, lampRe('a-line1', 'idle'), from, 'idle at B after the restart');

    // Site C joins: its own configuration; A and B are told only its line URI (and restarted to read it).
    const c = await start('c', kPort, []);
    await a.svc.kill();
    await b.svc.kill();
    const a2 = await start('a', kPort, ['b', 'c']);
    const b2 = await start('b', kPort, ['a', 'c']);
    await logged(a2, lampRe('c-line1', 'idle'), 0, 'C/line1 idle at A');
    await logged(b2, lampRe('c-line1', 'idle'), 0, 'C/line1 idle at B');
    const fa = a2.svc.lines.length;
    const fb = b2.svc.lines.length;
    sim(c, 'ring', 'line1');
    await logged(a2, lampRe('c-line1', 'ringing-not-here'), fa, 'C/line1 ringing at A');
    await logged(b2, lampRe('c-line1', 'ringing-not-here'), fb, 'C/line1 ringing at B');
    expect(status(b2).panels[0]?.keys.find((k) => k.key === 7)).toEqual({ key: 7, line: 'c-line1', lamp: 'ringing-not-here' });
    sim(c, 'hangup', 'line1');

    // Bad input posing as the server on B's live dialog with A/line1 (malformed XML, an old
    // version, an oversized body, a wrong entity): each refused, the lamp unchanged, no crash.
    const injected = await inject(b2, 'a-line1');
    expect(injected).toEqual([400, 200, 413, 400]);
    const after = status(b2).presence?.remoteLines.find((r) => r.id === 'a-line1');
    expect(after).toMatchObject({ lamp: 'idle', phase: 'active', refused: 4 });
    expect(b2.svc.lines.filter((l) => /event=notify-refused line=a-line1/.test(l))).toHaveLength(3);

    // SIGTERM: every subscription ended with Expires: 0, exit 0.
    b2.svc.signal('SIGTERM');
    expect((await b2.svc.exited).code).toBe(0);
    const unsubscribes = kamailio.log.filter((l) => /SUBSCRIBE \S+ Expires=0 /.test(l)).length;
    expect(unsubscribes).toBeGreaterThanOrEqual(3); // B's probe, A/line1 and C/line1 (in-dialog: the Request-URI is the server's contact)

    console.log([
      'remote lines through Kamailio (127.0.0.1, TCP):',
      `  ring at A → A/line1 blinking at B (log line of B's lamp change): ${ringToLamp} ms after \`keyline sim ring\` started (includes the CLI and the 200 ms ring validation)`,
      `  ring at A → early NOTIFY at the phone at B: ${ringToPhone} ms`,
      `  of which: Kamailio logged A's PUBLISH ${publishAt - t0} ms after the start; B's lamp changed ${ringing.at - publishAt} ms after that PUBLISH (B's log line, polled every 2 ms), the phone's NOTIFY ${t0 + ringToPhone - publishAt} ms after it`,
      `  Kamailio restarted mid-call: B's lamp for A/line1 right again ${healMs} ms after the server was back (probe refresh ${PROBE_REFRESH_MS} ms)`,
    ].join('\n'));
  });

  /** Sends NOTIFYs over UDP to B's presence user agent on its live dialog with A/line1, as the server would; their status codes. */
  async function inject(site: Site, id: string): Promise<number[]> {
    const st = status(site).presence;
    const r = st?.remoteLines.find((x) => x.id === id);
    const local = /presence event=publishing .*local=([\d.]+):(\d+)/.exec(site.svc.lines.find((l) => l.includes('presence event=publishing')) ?? '');
    if (!r?.dialog || !local) throw new Error(`no live dialog for ${id}: ${JSON.stringify(r)}`);
    const { callId, localTag, remoteTag } = r.dialog;
    const port = Number(local[2]);
    const entity = `sip:line1@${dom('a')}`;
    const doc = (version: number, extra = '') =>
      `<?xml version="1.0"?><dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="${entity}"><dialog id="x" direction="recipient"><state>early</state></dialog>${extra}</dialog-info>`;
    const bodies = [
      doc(1000).replace('</dialog-info>', ''), // malformed: never closed
      doc(0), // an old version: discarded
      doc(1001, `<!--${'x'.repeat(40_000)}-->`), // oversized
      doc(1002).replace(entity, `sip:line9@${dom('a')}`), // wrong entity
    ];
    const sock = createSocket('udp4');
    await new Promise<void>((res) => sock.bind(0, '127.0.0.1', () => res()));
    const codes: number[] = [];
    const answered = new Promise<void>((res) => {
      sock.on('message', (m) => {
        const code = /^SIP\/2\.0 (\d{3})/.exec(m.toString('utf8'))?.[1];
        if (code && code !== '100') codes.push(Number(code));
        if (codes.length === bodies.length) res();
      });
    });
    const me = sock.address().port;
    for (const [i, body] of bodies.entries()) {
      const msg = [
        `NOTIFY sip:keyline@127.0.0.1:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bKinject${i}${Date.now()}`,
        'Max-Forwards: 70',
        `From: <${entity}>;tag=${remoteTag}`,
        `To: <sip:keyline@${dom('b')}>;tag=${localTag}`,
        `Call-ID: ${callId}`,
        `CSeq: ${900_000 + i} NOTIFY`,
        `Contact: <sip:127.0.0.1:${me}>`,
        'Event: dialog',
        'Subscription-State: active;expires=60',
        'Content-Type: application/dialog-info+xml',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n');
      // One at a time, each answered before the next (the server's own order).
      const n = codes.length;
      sock.send(msg, port, '127.0.0.1');
      const deadline = Date.now() + 5000;
      while (codes.length === n && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
    }
    await Promise.race([answered, new Promise((res) => setTimeout(res, 5000))]);
    sock.close();
    return codes;
  }
});
