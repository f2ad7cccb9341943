import { connect } from 'node:net';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../src/core/status.js';
import { ROOT, ServiceProcess, cli, eventually, requireBuild, tempDir } from '../support/ServiceProcess.js';

/**
 * The service as a process (STYLE.md 12): the built `keyline run` on the simulated board, driven
 * only through the CLI and the control socket, stopped with SIGTERM.
 */
const DEMO = join(ROOT, 'examples', 'demo.yaml');
const running: ServiceProcess[] = [];

function start(dir: string, extra: string[] = []): { svc: ServiceProcess; sock: string; state: string } {
  const sock = join(dir, 'control.sock');
  const state = join(dir, 'state');
  const svc = new ServiceProcess(['--config', DEMO, '--socket', sock, '--state-dir', state, ...extra]);
  running.push(svc);
  return { svc, sock, state };
}

function status(sock: string): SystemStatus {
  const r = cli(['status', '--json', '--socket', sock]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SystemStatus;
}

function writeTo(file: string, text: string): string {
  writeFileSync(file, text);
  return file;
}

const lineState = (sock: string, line: string) => status(sock).lines.find((l) => l.id === line);

beforeAll(requireBuild);
afterEach(async () => {
  for (const s of running.splice(0)) await s.kill();
});

describe('keyline run (process)', () => {
  it('answers a ring through the CLI, shows it in status, and puts every line on-hook on SIGTERM', async () => {
    const dir = tempDir('proc');
    const { svc, sock } = start(dir);
    await svc.waitFor(/service event=ready/);
    expect(statSync(sock).mode & 0o777).toBe(0o660);

    const ring = cli(['sim', 'ring', 'line1', '--number', '5551234', '--name', 'DOE JOHN', '--socket', sock]);
    expect(ring.code, ring.stderr).toBe(0);
    await eventually(() => (lineState(sock, 'line1')?.state === 'ringing.active' ? true : undefined), 'line1 ringing');
    // US caller ID arrives between the first two rings; alerts wait for it (callerIdWait 4 s).
    const ringing = await eventually(() => {
      const st = status(sock);
      return st.stations.find((s) => s.id === 'reception')?.alerts.length ? st : undefined;
    }, 'the alert to reception');
    expect(ringing.lines.find((l) => l.id === 'line1')?.call?.callerId).toEqual({ number: '5551234', name: 'DOE JOHN' });
    expect(ringing.stations.find((s) => s.id === 'reception')?.lamps.find((l) => l.line === 'line1')?.lamp).toBe('ringing-here');
    expect(ringing.lines.find((l) => l.id === 'line1')?.hook).toBe('on');

    const press = cli(['sim', 'press', 'reception', 'line1', '--socket', sock]);
    expect(press.code, press.stderr).toBe(0);
    await eventually(() => (lineState(sock, 'line1')?.hook === 'off' ? true : undefined), 'line1 off-hook');
    const talking = lineState(sock, 'line1');
    expect(talking?.state).toBe('connected');
    expect(talking?.call?.connected).toEqual(['reception']);
    expect(talking?.call?.callerId).toEqual({ number: '5551234', name: 'DOE JOHN' });

    svc.signal('SIGTERM');
    const { code } = await svc.exited;
    expect(code).toBe(0);
    const stopped = svc.lines.find((l) => l.includes('event=stopped')) ?? '';
    expect(stopped).toMatch(/ports=line1:on,line2:on,line3:on,line4:on/);
    expect(svc.lines.some((l) => /fxo line=line1 event=hook state=on/.test(l))).toBe(true);
    expect(svc.lines.some((l) => /call id=line1-1 event=end outcome=interrupted/.test(l))).toBe(true);
  });

  it('S44 restart recovery: a call left up by a crash is logged interrupted and the ids continue', async () => {
    const dir = tempDir('crash');
    const first = start(dir);
    await first.svc.waitFor(/service event=ready/);
    cli(['sim', 'ring', 'line2', '--number', '100', '--socket', first.sock]);
    await eventually(() => (lineState(first.sock, 'line2')?.state === 'ringing.active' ? true : undefined), 'line2 ringing');
    cli(['sim', 'press', 'office', 'line2', '--socket', first.sock]);
    await eventually(() => (lineState(first.sock, 'line2')?.state === 'connected' ? true : undefined), 'line2 connected');
    first.svc.signal('SIGKILL');
    await first.svc.exited;

    const second = start(dir);
    await second.svc.waitFor(/service event=ready/);
    expect(second.svc.lines.some((l) => /call id=line2-1 event=end outcome=interrupted reason="keyline restarted"/.test(l))).toBe(true);
    const calls = cli(['calls', '--json', '--socket', second.sock]);
    expect(calls.code, calls.stderr).toBe(0);
    expect(JSON.parse(calls.stdout)).toMatchObject([{ id: 'line2-1', outcome: 'interrupted', line: 'line2' }]);
    expect(status(second.sock).lines.every((l) => l.state === 'idle' && l.hook === 'on')).toBe(true);
    cli(['sim', 'ring', 'line2', '--socket', second.sock]);
    await eventually(() => lineState(second.sock, 'line2')?.call?.id, 'a new call on line2').then((id) => expect(id).toBe('line2-2'));
  });

  it('refuses to start with a bad configuration, naming file, line, column and key', async () => {
    const dir = tempDir('badcfg');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'lines:\n  - { id: line1, port: line1, ringtimeout: 5 }\nstations: []\n');
    const svc = new ServiceProcess(['--config', file, '--socket', join(dir, 's.sock'), '--state-dir', join(dir, 'st')]);
    running.push(svc);
    const { code } = await svc.exited;
    expect(code).toBe(1);
    expect(svc.stderr.join('')).toMatch(/bad\.yaml:2:\d+: lines\[0\]\.ringtimeout: unknown key "ringtimeout"/);
  });

  it('refuses to start with a board whose driver is unknown, naming file, line, column and key', async () => {
    const dir = tempDir('badboard');
    const board = join(dir, 'board.json');
    writeFileSync(board, readFileSync(join(ROOT, 'boards', 'sim-4line.json'), 'utf8').replace('"sim-fxo"', '"sim-fx0"'));
    const svc = new ServiceProcess(['--config', DEMO, '--board', board, '--socket', join(dir, 's.sock'), '--state-dir', join(dir, 'st')]);
    running.push(svc);
    const { code } = await svc.exited;
    expect(code).toBe(1);
    expect(svc.stderr.join('')).toMatch(/board\.json:\d+:\d+: fxo\[0\]\.compatible: unknown driver "sim-fx0".*did you mean "sim-fxo"/);
  });

  it('config check and import-sla work offline, without a running service', () => {
    const ok = cli(['config', 'check', DEMO]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/OK — 4 lines, 4 stations, board sim-4line/);
    const dir = tempDir('check');
    const bad = join(dir, 'site.yaml');
    writeFileSync(bad, 'lines:\n  - { id: line1, port: line1 }\nstations:\n  - { id: a, kind: sim, lines: [line9] }\n');
    const r = cli(['config', 'check', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/site\.yaml:4:\d+: stations\[0\]\.lines\[0\]: line "line9" is not declared/);
    const imp = cli(['config', 'import-sla', join(ROOT, 'test', 'fixtures', 'sla.conf')]);
    expect(imp.code, imp.stderr).toBe(0);
    // The import leaves what only the installer knows: the address phones reach, and passwords.
    expect(cli(['config', 'check', writeTo(join(dir, 'raw.yaml'), imp.stdout)]).code).toBe(1);
    const out = writeTo(join(dir, 'imported.yaml'), imp.stdout
      .replace('listen: { address: 0.0.0.0 }', 'listen: { address: 0.0.0.0, advertise: 192.0.2.10 }')
      .replaceAll('kind: sip,', 'kind: sip, password: "test-pass-123",'));
    expect(imp.stderr).toMatch(/sla\.conf:\d+/);
    const board = join(dir, 'any.json');
    // The imported ports are guesses (fxo1...); check the shape against a board that has them.
    const ports = [...imp.stdout.matchAll(/port: ([^,\s}]+)/g)].map((m) => m[1]);
    writeFileSync(board, JSON.stringify({ schema: 1, board: 'imported', country: 'us', fxo: [{ id: 'sim', compatible: 'sim-fxo', channels: Object.fromEntries(ports.map((p, i) => [p, i])) }], panels: [], palette: { mine: 'green', other: 'red' }, blink: { hardwareFlash: null } }));
    const chk = cli(['config', 'check', out, '--board', board]);
    expect(chk.code, chk.stderr).toBe(0);
  });

  it('survives garbage on the control socket: not JSON, 10 MB, unknown commands', async () => {
    const dir = tempDir('garbage');
    const { svc, sock } = start(dir);
    await svc.waitFor(/service event=ready/);
    const replies = await new Promise<string[]>((resolve, reject) => {
      const out: string[] = [];
      let buf = '';
      const s = connect(sock);
      s.setEncoding('utf8');
      s.on('data', (d: string) => {
        buf += d;
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        out.push(...parts);
        if (out.length >= 4) {
          s.end();
          resolve(out);
        }
      });
      s.on('error', reject);
      s.write('this is not json\n');
      const chunk = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < 10; i++) s.write(chunk);
      s.write('\n');
      s.write('{"id":7,"cmd":"explode"}\n');
      s.write('{"id":8,"cmd":"status"}\n');
    });
    const parsed = replies.map((r) => JSON.parse(r) as { id: number | null; ok: boolean; error?: { code: string } });
    expect(parsed.map((p) => p.error?.code ?? 'ok')).toEqual(['BAD_JSON', 'TOO_LONG', 'UNKNOWN_COMMAND', 'ok']);
    expect(parsed[3]?.id).toBe(8);
    expect(cli(['status', '--socket', sock]).code).toBe(0);
  });
});
