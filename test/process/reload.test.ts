import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../src/core/status.js';
import { ROOT, ServiceProcess, cli, eventually, requireBuild, tempDir } from '../support/ServiceProcess.js';

/**
 * Issue 6 item 8 as a process (STYLE.md 12): the built `keyline run` on the simulated board with a
 * copy of the demo site, a call up (sim ring + sim answer), then SIGHUP with a changed file, with
 * a broken one, and `keyline reload` with each. The call must go on through all of it.
 */
const DEMO = readFileSync(join(ROOT, 'examples', 'demo.yaml'), 'utf8');
const running: ServiceProcess[] = [];

beforeAll(requireBuild);
afterEach(async () => {
  for (const s of running.splice(0)) await s.kill();
});

function status(sock: string): SystemStatus {
  const r = cli(['status', '--json', '--socket', sock]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SystemStatus;
}

const line = (sock: string, id: string) => status(sock).lines.find((l) => l.id === id);

/** Counts the lines of the service's output matching `re`. */
const count = (svc: ServiceProcess, re: RegExp) => svc.lines.filter((l) => re.test(l)).length;

describe('keyline reload and SIGHUP (process)', () => {
  it('§11 a changed file applies on SIGHUP and on `keyline reload` with a call up; a broken one is refused, the old one stays, the call and the service go on', async () => {
    const dir = tempDir('reload');
    const config = join(dir, 'keyline.yaml');
    writeFileSync(config, DEMO);
    const sock = join(dir, 'control.sock');
    const svc = new ServiceProcess(['--config', config, '--socket', sock, '--state-dir', join(dir, 'state')]);
    running.push(svc);
    await svc.waitFor(/service event=ready/);

    expect(cli(['sim', 'ring', 'line1', '--number', '5551234', '--socket', sock]).code).toBe(0);
    await eventually(() => (status(sock).stations.find((s) => s.id === 'reception')?.alerts.length ? true : undefined), 'the alert to reception');
    const answer = cli(['sim', 'press', 'reception', 'line1', '--socket', sock]);
    expect(answer.code, answer.stderr).toBe(0);
    await eventually(() => (line(sock, 'line1')?.hook === 'off' ? true : undefined), 'line1 off-hook');
    const call = line(sock, 'line1')?.call;
    expect(call).toMatchObject({ id: 'line1-1', connected: ['reception'] });
    expect(line(sock, 'line1')?.label).toBe('Main');

    // A changed label and ring timeout, by SIGHUP.
    const changed = DEMO.replace('label: Main', 'label: Front desk').replace('ringTimeout: 40', 'ringTimeout: 30');
    expect(changed).not.toBe(DEMO);
    writeFileSync(config, changed);
    svc.signal('SIGHUP');
    await svc.waitFor(/config event=reloaded/);
    expect(line(sock, 'line1')?.label).toBe('Front desk');
    expect(line(sock, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: { id: 'line1-1', connected: ['reception'], t0: call?.t0 } });

    // A broken file (a misspelt key), by SIGHUP: refused naming file:line:col, nothing changes.
    const applied = count(svc, /config event=reloaded/);
    writeFileSync(config, changed.replace('ringTimeout: 30', 'ringTimout: 30'));
    svc.signal('SIGHUP');
    const rejected = await svc.waitFor(/config event=reload-rejected/);
    expect(rejected).toContain(`${config}:`);
    expect(rejected).toMatch(/ringTimout/);
    expect(line(sock, 'line1')).toMatchObject({ label: 'Front desk', state: 'connected', hook: 'off', call: { id: 'line1-1' } });

    // The same through the CLI: refused with exit 1, then a good file applied with exit 0.
    const bad = cli(['reload', '--socket', sock]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/configuration rejected, nothing changed/);
    writeFileSync(config, changed.replace('label: Front desk', 'label: Switchboard'));
    const good = cli(['reload', '--socket', sock]);
    expect(good.code, good.stderr).toBe(0);
    await eventually(() => (count(svc, /config event=reloaded/) > applied ? true : undefined), 'the reload logged');
    expect(line(sock, 'line1')).toMatchObject({ label: 'Switchboard', state: 'connected', hook: 'off', call: { id: 'line1-1', connected: ['reception'] } });

    svc.signal('SIGTERM');
    expect((await svc.exited).code).toBe(0);
    expect(svc.lines.find((l) => l.includes('event=stopped'))).toMatch(/ports=line1:on,line2:on,line3:on,line4:on/);
    expect(svc.lines.some((l) => /service event=crash/.test(l))).toBe(false);
  }, 60_000);
});
