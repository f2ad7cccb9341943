import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../src/core/status.js';
import { freePort } from '../support/freePort.js';
import { ServiceProcess, cli, requireBuild, tempDir } from '../support/ServiceProcess.js';
import { HAS_SIPP, peerMissing } from '../support/Sipp.js';
import { HAS_KAMAILIO, Kamailio } from './Kamailio.js';
import { Watcher } from './Watcher.js';

const skip = peerMissing('kamailio (kamailio, kamailio-presence-modules)', HAS_KAMAILIO) ?? peerMissing('sipp', HAS_SIPP);
const DOMAIN = 'presence.keyline.test';

/**
 * Issue 5 part 1 with a real presence server: the built `keyline run` PUBLISHes line1 to Kamailio
 * (memory-only presence, digest-authenticated PUBLISH, TCP), and a SIPp watcher subscribed there
 * to sip:line1@<domain> follows the call. Every process on 127.0.0.1, started and stopped by PID.
 */
describe.skipIf(skip !== null)(`presence publisher against Kamailio${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const dir = tempDir('presence');
  let sock = join(dir, 'control.sock');
  let state = join(dir, 'state');
  const stops: Array<() => Promise<unknown>> = [];
  let kamailio: Kamailio;

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  function site(kamailioPort: number, transport: 'tcp' | 'udp' = 'tcp'): string {
    const file = join(dir, `site-${transport}.yaml`);
    writeFileSync(file, [
      `site: { name: "Presence test", domain: ${DOMAIN} }`,
      'presence:',
      `  server: "sip:127.0.0.1:${kamailioPort};transport=${transport}"`,
      '  expires: 600',
      '  username: branch7',
      '  password: "pub-secret-1"',
      'defaults: { line: { callerIdWait: 0 } }',
      'lines:',
      '  - { id: line1, port: line1, label: Main }',
      '  - { id: line2, port: line2, label: Sales }',
      'stations:',
      '  - { id: desk, kind: sim, lines: [line1, line2] }',
      '',
    ].join('\n'));
    return file;
  }

  async function startKeyline(config: string): Promise<ServiceProcess> {
    const svc = new ServiceProcess(['--config', config, '--socket', sock, '--state-dir', state, '--log-level', 'debug']);
    stops.push(() => svc.kill());
    await svc.waitFor(/service event=ready/);
    return svc;
  }

  function sim(...args: string[]): void {
    const r = cli(['sim', ...args, '--socket', sock]);
    if (r.code !== 0) throw new Error(`keyline sim ${args.join(' ')}: ${r.stderr}`);
  }

  function watcher(name: string, server: number, port: number): Watcher {
    const wdir = join(dir, name);
    mkdirSync(wdir);
    const w = new Watcher(wdir, server, port, 'line1', DOMAIN);
    stops.push(() => w.stop());
    return w;
  }

  const early = (n: { states: string[] }) => n.states.includes('early');
  const confirmed = (n: { states: string[]; held: boolean }) => n.states.includes('confirmed') && !n.held;
  const held = (n: { states: string[]; held: boolean }) => n.states.includes('confirmed') && n.held;
  const over = (n: { states: string[] }) => n.states.length > 0 && n.states.every((s) => s === 'terminated');

  it('ring, answer, hold, hang up reach the watcher; keyline and Kamailio restarts are corrected at once', { timeout: 150_000 }, async () => {
    requireBuild();
    const kPort = await freePort();
    kamailio = new Kamailio(kPort, dir);
    stops.push(() => kamailio.stop());
    await kamailio.start();
    const config = site(kPort);
    const first = await startKeyline(config);
    await first.waitFor(/presence event=publishing/);

    const w1 = watcher('w1', kPort, await freePort());
    // No publication yet: Kamailio's dummy terminated dialog (force_dummy_dialog=1).
    let seen = await w1.next(0, over, 'the idle dummy dialog');

    // Ring → early, with the latency from the ring command to the NOTIFY at the watcher.
    const publishesAtRing = kamailio.publishTimes.length;
    const t0 = Date.now();
    sim('ring', 'line1', '--number', '5551234', '--name', 'DOE JOHN');
    const t1 = Date.now();
    seen = await w1.next(seen.index + 1, early, 'early');
    const ringToNotify = seen.wall - t0;
    const returnToNotify = seen.wall - t1;
    const ringPublish = kamailio.publishTimes[publishesAtRing] ?? NaN;
    const earlyWall = seen.wall;
    expect(seen.body).toContain('direction="recipient"');
    // Caller ID comes after the first ring: the body changes though the lamp does not.
    seen = await w1.next(seen.index, (n) => early(n) && n.body.includes('DOE JOHN'), 'early with the caller ID');
    const callId = seen.ids.find((id) => id.startsWith('line1-'));
    expect(callId).toMatch(/^line1-\d+$/);

    sim('answer', 'desk');
    seen = await w1.next(seen.index + 1, confirmed, 'confirmed');
    sim('hold', 'desk');
    seen = await w1.next(seen.index + 1, held, 'confirmed + held');
    sim('hangup', 'line1');
    seen = await w1.next(seen.index + 1, over, 'terminated');
    expect(seen.ids).toContain(callId);

    // keyline dies mid-call (no removal) and comes back: the same dialog id ends at once (K3).
    sim('ring', 'line1');
    seen = await w1.next(seen.index + 1, early, 'early (second call)');
    const liveId = seen.ids.find((id) => id !== callId && id.startsWith('line1-'));
    expect(JSON.parse(readFileSync(join(state, 'presence-state.json'), 'utf8'))).toMatchObject({ publications: [{ line: 'line1' }] });
    await first.kill();
    const publishesBefore = kamailio.publishes().length;
    const tRestart = Date.now();
    const second = await startKeyline(config);
    const tReady = Date.now();
    seen = await w1.next(seen.index + 1, (n) => over(n) && n.ids.includes(liveId ?? '?'), 'the stale call ended after the restart', 5000);
    const restartToNotify = seen.wall - tRestart;
    expect(kamailio.publishes().slice(publishesBefore)[0]).toMatch(/If-Match=<null>/);

    // Kamailio restarts mid-call (memory mode: everything lost, K4); a watcher subscribes again.
    sim('ring', 'line1');
    seen = await w1.next(seen.index + 1, early, 'early (third call)');
    sim('answer', 'desk');
    seen = await w1.next(seen.index + 1, confirmed, 'confirmed (third call)');
    await w1.stop();
    await kamailio.stop();
    await kamailio.start();
    const w2 = watcher('w2', kPort, await freePort());
    let seen2 = await w2.next(0, over, 'the dummy dialog of an empty server');
    // The next change meets a 412 (or a broken connection first) and is published again from scratch.
    sim('hold', 'desk');
    seen2 = await w2.next(seen2.index + 1, held, 'held, republished after the server restart', 15_000);
    sim('hangup', 'line1');
    await w2.next(seen2.index + 1, over, 'terminated after the server restart');

    const status = JSON.parse(cli(['status', '--json', '--socket', sock]).stdout) as SystemStatus;
    expect(status.presence?.server).toBe(`127.0.0.1:${kPort};transport=tcp`);
    expect(status.presence?.lines.find((l) => l.line === 'line1')).toMatchObject({ phase: 'idle', inFlight: false });
    expect(status.presence?.lastSuccess).not.toBeNull();

    // SIGTERM: exit 0, nothing live left to remove.
    second.signal('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(JSON.parse(readFileSync(join(state, 'presence-state.json'), 'utf8'))).toEqual({ publications: [] });

    console.log([
      'presence against Kamailio (127.0.0.1, TCP, digest):',
      `  ring → early NOTIFY at the watcher: ${ringToNotify} ms after \`keyline sim ring\` was started, ${returnToNotify} ms after it returned (the CLI took ${t1 - t0} ms; the simulated ring is validated for 200 ms, ring.validateMs of the profile, before the core sees it); Kamailio logged the PUBLISH ${ringPublish - t0} ms after the start, the NOTIFY reached the watcher ${earlyWall - ringPublish} ms later`,
      `  keyline killed mid-call and restarted: the watcher got the stale call terminated ${restartToNotify} ms after the new process was spawned (ready after ${tReady - tRestart} ms)`,
      `  Kamailio restart: last error seen by keyline: ${status.presence?.lastError?.error ?? 'none'}`,
    ].join('\n'));
  });
  it('over UDP as well: ring, answer and hang up reach the watcher, removal at SIGTERM', { timeout: 60_000 }, async () => {
    sock = join(dir, 'control-udp.sock');
    state = join(dir, 'state-udp');
    const svc = await startKeyline(site(kamailio.port, 'udp'));
    await svc.waitFor(/presence event=publishing/);
    const w = watcher('w-udp', kamailio.port, await freePort());
    let seen = await w.next(0, over, 'the idle dummy dialog');
    sim('ring', 'line1');
    seen = await w.next(seen.index + 1, early, 'early');
    sim('answer', 'desk');
    seen = await w.next(seen.index + 1, confirmed, 'confirmed');
    svc.signal('SIGTERM');
    expect((await svc.exited).code).toBe(0);
    // Shutdown: terminated, then the removal (Kamailio sends the removed document once more, K5).
    await w.next(seen.index + 1, over, 'terminated at keyline\'s stop');
    expect(svc.lines.filter((l) => /presence event=publish .*expires=0/.test(l))).toHaveLength(1);
    // Debug logging shows every SIP message, never the password (only the digest response).
    expect(svc.lines.join('\n')).not.toContain('pub-secret-1');
    expect(kamailio.publishes().at(-1)).toMatch(/Expires=0 .*\/udp$/);
  });
});
