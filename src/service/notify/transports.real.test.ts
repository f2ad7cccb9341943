import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DgramSocket } from 'node-unix-socket';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemdNotifyCommand } from './SystemdNotifyCommand.js';
import { UnixDatagramTransport } from './UnixDatagramTransport.js';

/** Both transports against a real AF_UNIX datagram socket bound here, as systemd's would be. */
const open: Array<{ close(): void }> = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function listener(): { path: string; next: () => Promise<string> } {
  const dir = mkdtempSync(join(tmpdir(), 'keyline-notify-'));
  dirs.push(dir);
  const path = join(dir, 'notify.sock');
  const sock = new DgramSocket();
  sock.bind(path);
  open.push(sock);
  const queue: string[] = [];
  const waiting: Array<(s: string) => void> = [];
  sock.on('data', (buf: Buffer) => {
    const w = waiting.shift();
    if (w) w(buf.toString());
    else queue.push(buf.toString());
  });
  const next = () => {
    const q = queue.shift();
    if (q !== undefined) return Promise.resolve(q);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no datagram within 3 s')), 3000);
      waiting.push((s) => { clearTimeout(timer); resolve(s); });
    });
  };
  return { path, next };
}

const hasSystemdNotify = spawnSync('systemd-notify', ['--help'], { encoding: 'utf8' }).status === 0;

describe('notify transports on a real socket', () => {
  it('node-unix-socket delivers the datagram', async () => {
    const { path, next } = listener();
    const t = new UnixDatagramTransport(path);
    open.push(t);
    await t.send('READY=1\nSTATUS=up\n');
    expect(await next()).toBe('READY=1\nSTATUS=up\n');
  });

  it.skipIf(!hasSystemdNotify)('systemd-notify delivers it too (the fallback; skipped where systemd-notify is not installed)', async () => {
    const { path, next } = listener();
    await new SystemdNotifyCommand({ ...process.env, NOTIFY_SOCKET: path }).send('WATCHDOG=1\n');
    expect(await next()).toMatch(/WATCHDOG=1/);
  });

  it('a send to a socket nobody bound rejects instead of throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyline-notify-'));
    dirs.push(dir);
    const t = new UnixDatagramTransport(join(dir, 'gone.sock'));
    open.push(t);
    await expect(t.send('READY=1\n')).rejects.toThrow();
  });
});
