import { join } from 'node:path';
import { DgramSocket } from 'node-unix-socket';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../src/core/status.js';
import { ROOT, ServiceProcess, cli, eventually, requireBuild, tempDir } from '../support/ServiceProcess.js';

/**
 * The built service under a stand-in for systemd (hardware.md §9.2): NOTIFY_SOCKET names a
 * datagram socket this test binds, WATCHDOG_USEC is short. READY=1 and WATCHDOG=1 arrive;
 * SIGTERM brings STOPPING=1 before the lines go on-hook, then exit 0 within TimeoutStopSec.
 */
const DEMO = join(ROOT, 'examples', 'demo.yaml');
const WATCHDOG_USEC = 400_000;
/** systemd/keyline.service TimeoutStopSec=10s. */
const TIMEOUT_STOP_MS = 10_000;

interface Datagram {
  text: string;
  /** How many stdout lines the service had written when it arrived. */
  linesBefore: number;
}

const cleanup: Array<() => Promise<void> | void> = [];
beforeAll(requireBuild);
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** Starts `keyline run` with extra environment variables (spawn copies the environment at once). */
function startWithEnv(args: string[], env: Record<string, string>): ServiceProcess {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return new ServiceProcess(args);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function status(sock: string): SystemStatus {
  const r = cli(['status', '--json', '--socket', sock]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SystemStatus;
}

describe('keyline run under systemd Type=notify (process)', () => {
  it('sends READY=1, WATCHDOG=1 every WATCHDOG_USEC/2 and STATUS; on SIGTERM STOPPING=1, every line on-hook, exit 0', async () => {
    const dir = tempDir('notify');
    const notifyPath = join(dir, 'notify.sock');
    const received: Datagram[] = [];
    const listener = new DgramSocket();
    listener.bind(notifyPath);
    cleanup.push(() => listener.close());
    let svc: ServiceProcess | null = null;
    listener.on('data', (buf: Buffer) => received.push({ text: buf.toString('utf8'), linesBefore: svc?.lines.length ?? 0 }));

    const sock = join(dir, 'control.sock');
    svc = startWithEnv(['--config', DEMO, '--socket', sock, '--state-dir', join(dir, 'state')], { NOTIFY_SOCKET: notifyPath, WATCHDOG_USEC: String(WATCHDOG_USEC) });
    const proc = svc;
    cleanup.push(() => proc.kill());
    const texts = () => received.map((d) => d.text);

    const ready = await eventually(() => texts().find((t) => t.startsWith('READY=1\n')), 'READY=1', 10_000);
    expect(ready).toBe('READY=1\nSTATUS=lines 4 idle, 0 in use; devices ok\n');
    // READY comes after the control socket listens: the CLI works at once.
    expect(status(sock).lines.every((l) => l.hook === 'on')).toBe(true);

    // WATCHDOG=1 every 200 ms: at least 5 within about 1.5 s of READY.
    const readyAt = Date.now();
    const pings = await eventually(() => {
      const n = texts().filter((t) => t === 'WATCHDOG=1\n').length;
      return n >= 6 ? n : undefined;
    }, 'six WATCHDOG=1', 5000);
    expect(pings).toBeGreaterThanOrEqual(6);
    expect(Date.now() - readyAt).toBeLessThan(3000);

    // A line goes off-hook: STATUS follows, and SIGTERM must put it back on-hook.
    expect(cli(['sim', 'ring', 'line1', '--socket', sock]).code).toBe(0);
    await eventually(() => (status(sock).lines.find((l) => l.id === 'line1')?.state === 'ringing.active' ? true : undefined), 'line1 ringing');
    expect(cli(['sim', 'press', 'reception', 'line1', '--socket', sock]).code).toBe(0);
    await eventually(() => (status(sock).lines.find((l) => l.id === 'line1')?.hook === 'off' ? true : undefined), 'line1 off-hook');
    await eventually(() => texts().find((t) => /^STATUS=lines 3 idle, 1 in use; devices ok\n$/.test(t)), 'STATUS with a line in use', 5000);

    const termAt = Date.now();
    proc.signal('SIGTERM');
    const { code } = await proc.exited;
    const stopMs = Date.now() - termAt;
    expect(code).toBe(0);
    expect(stopMs).toBeLessThan(TIMEOUT_STOP_MS);

    const stopping = await eventually(() => received.find((d) => d.text.startsWith('STOPPING=1\n')), 'STOPPING=1', 2000);
    // STOPPING=1 left before the service began putting lines on-hook.
    const before = proc.lines.slice(0, stopping.linesBefore);
    expect(before.some((l) => /event=stopped|fxo line=line1 event=hook state=on/.test(l))).toBe(false);
    expect(proc.lines.find((l) => l.includes('event=stopped'))).toMatch(/ports=line1:on,line2:on,line3:on,line4:on/);
    expect(proc.lines.some((l) => /fxo line=line1 event=hook state=on/.test(l))).toBe(true);
    // No watchdog ping after STOPPING=1; READY only once.
    expect(texts().slice(texts().indexOf(stopping.text) + 1).filter((t) => t === 'WATCHDOG=1\n')).toEqual([]);
    expect(texts().filter((t) => t.startsWith('READY=1')).length).toBe(1);
    expect(proc.lines.some((l) => /^<5>systemd event=ready$/.test(l))).toBe(true);
  });

  it('a NOTIFY_SOCKET nobody listens on is logged once and the service runs on', async () => {
    const dir = tempDir('notify-gone');
    const sock = join(dir, 'control.sock');
    const svc = startWithEnv(['--config', DEMO, '--socket', sock, '--state-dir', join(dir, 'state')], { NOTIFY_SOCKET: join(dir, 'nobody.sock'), WATCHDOG_USEC: String(WATCHDOG_USEC) });
    cleanup.push(() => svc.kill());
    await svc.waitFor(/service event=ready/);
    await svc.waitFor(/systemd event=notify-failed via=systemd-notify/);
    // A real process on its real clock, so an absence is watched for a bounded time: 600 ms is
    // three watchdog intervals (200 ms), three more failing pings. SystemdNotifier.test.ts proves
    // the once-per-reason rule itself without waiting.
    await new Promise((r) => setTimeout(r, 600));
    expect(svc.lines.filter((l) => /notify-failed via=socket/.test(l))).toHaveLength(1);
    expect(status(sock).lines).toHaveLength(4);
    svc.signal('SIGTERM');
    expect((await svc.exited).code).toBe(0);
  });
});
