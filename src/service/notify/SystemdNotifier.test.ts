import { describe, expect, it } from 'vitest';
import type { Logger, LogLevel } from '../Logger.js';
import type { NotifyTransport } from './NotifyTransport.js';
import { SystemdNotifier } from './SystemdNotifier.js';
import { SystemdNotifyCommand } from './SystemdNotifyCommand.js';
import { UnixDatagramTransport } from './UnixDatagramTransport.js';
import type { DatagramSender } from './UnixDatagramTransport.js';

class FakeTransport implements NotifyTransport {
  readonly sent: string[] = [];
  closed = false;
  constructor(readonly name: string, private readonly failWith: Error | null = null) {}
  send(message: string): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.sent.push(message);
    return Promise.resolve();
  }
  close(): void {
    this.closed = true;
  }
}

function logger(): Logger & { lines: Array<[LogLevel, string, Record<string, unknown>]> } {
  const lines: Array<[LogLevel, string, Record<string, unknown>]> = [];
  return { lines, log: (level, component, fields) => void lines.push([level, component, fields]) };
}

describe('SystemdNotifier', () => {
  it('does nothing without NOTIFY_SOCKET, even with transports given', async () => {
    const t = new FakeTransport('socket');
    const n = new SystemdNotifier({ socket: null, log: logger(), primary: t, fallback: t });
    expect(n.enabled).toBe(false);
    expect(await n.ready('up')).toBe(false);
    expect(await n.watchdog()).toBe(false);
    expect(t.sent).toEqual([]);
  });

  it('sends READY=1 with STATUS, WATCHDOG=1 and STOPPING=1 as newline-separated assignments', async () => {
    const t = new FakeTransport('socket');
    const n = new SystemdNotifier({ socket: '/run/systemd/notify', log: logger(), primary: t, fallback: null });
    expect(await n.ready('lines 4 idle')).toBe(true);
    await n.watchdog();
    await n.stopping();
    expect(t.sent).toEqual(['READY=1\nSTATUS=lines 4 idle\n', 'WATCHDOG=1\n', 'STOPPING=1\n']);
  });

  it('sends STATUS only when the text changed, and flattens newlines', async () => {
    const t = new FakeTransport('socket');
    const n = new SystemdNotifier({ socket: '/run/systemd/notify', log: logger(), primary: t, fallback: null });
    await n.status('a');
    expect(await n.status('a')).toBe(false);
    await n.status('two\nlines');
    expect(t.sent).toEqual(['STATUS=a\n', 'STATUS=two lines\n']);
  });

  it('falls back to the second transport when the first fails, and warns once per reason', async () => {
    const log = logger();
    const broken = new FakeTransport('socket', new Error('Cannot find module node-unix-socket'));
    const fallback = new FakeTransport('systemd-notify');
    const n = new SystemdNotifier({ socket: '/run/systemd/notify', log, primary: broken, fallback });
    expect(await n.ready()).toBe(true);
    expect(await n.watchdog()).toBe(true);
    expect(fallback.sent).toEqual(['READY=1\n', 'WATCHDOG=1\n']);
    expect(log.lines).toEqual([['warning', 'systemd', { event: 'notify-failed', via: 'socket', error: 'Cannot find module node-unix-socket' }]]);
  });

  it('never rejects: both transports failing resolves false', async () => {
    const log = logger();
    const n = new SystemdNotifier({
      socket: '/run/systemd/notify', log,
      primary: new FakeTransport('socket', new Error('ECONNREFUSED')), fallback: new FakeTransport('systemd-notify', new Error('spawn systemd-notify ENOENT')),
    });
    await expect(n.stopping()).resolves.toBe(false);
    expect(log.lines.map((l) => l[2]['via'])).toEqual(['socket', 'systemd-notify']);
  });

  it('a logger that throws does not reach the caller', async () => {
    const n = new SystemdNotifier({
      socket: '/x', log: { log: () => { throw new Error('stdout closed'); } },
      primary: new FakeTransport('socket', new Error('boom')), fallback: null,
    });
    await expect(n.watchdog()).resolves.toBe(false);
  });

  it('picks the datagram socket for a path and only systemd-notify for an abstract socket', () => {
    const path = new SystemdNotifier({ socket: '/run/systemd/notify', log: logger() });
    const abstract = new SystemdNotifier({ socket: '@/org/freedesktop/systemd1/notify', log: logger() });
    expect(path.enabled && abstract.enabled).toBe(true);
    path.close();
    abstract.close();
  });
});

describe('UnixDatagramTransport', () => {
  it('sends the message bytes to the socket path through the sender it opens once', async () => {
    const calls: Array<{ text: string; path: string }> = [];
    let opened = 0;
    const sender: DatagramSender = {
      sendTo: (buf, offset, length, path, cb) => {
        calls.push({ text: buf.subarray(offset, offset + length).toString(), path });
        cb?.(undefined);
      },
      close: () => undefined,
    };
    const t = new UnixDatagramTransport('/run/n.sock', () => {
      opened++;
      return Promise.resolve(sender);
    });
    await t.send('READY=1\n');
    await t.send('WATCHDOG=1\n');
    expect(calls).toEqual([{ text: 'READY=1\n', path: '/run/n.sock' }, { text: 'WATCHDOG=1\n', path: '/run/n.sock' }]);
    expect(opened).toBe(1);
    t.close();
    await expect(t.send('x')).rejects.toThrow(/closed/);
  });

  it('rejects when the module cannot load or the send fails', async () => {
    const noModule = new UnixDatagramTransport('/run/n.sock', () => Promise.reject(new Error('libc mismatch')));
    await expect(noModule.send('READY=1\n')).rejects.toThrow('libc mismatch');
    const failing = new UnixDatagramTransport('/run/n.sock', () => Promise.resolve({ sendTo: (_b, _o, _l, _p, cb) => cb?.(new Error('ENOENT')), close: () => undefined }));
    await expect(failing.send('READY=1\n')).rejects.toThrow('ENOENT');
    const throwing = new UnixDatagramTransport('/run/n.sock', () => Promise.resolve({ sendTo: () => { throw new Error('closed'); }, close: () => undefined }));
    await expect(throwing.send('READY=1\n')).rejects.toThrow('closed');
  });

  it('refuses an abstract socket name at once, naming the parameter', () => {
    expect(() => new UnixDatagramTransport('@notify')).toThrow(/path must be an absolute socket path/);
  });
});

describe('SystemdNotifyCommand', () => {
  it('runs systemd-notify with one argument per assignment and the socket in its environment', async () => {
    const runs: Array<{ file: string; args: string[]; socket: string | undefined }> = [];
    const cmd = new SystemdNotifyCommand({ NOTIFY_SOCKET: '/run/n.sock' }, (file, args, env) => {
      runs.push({ file, args, socket: env['NOTIFY_SOCKET'] });
      return Promise.resolve();
    });
    await cmd.send('READY=1\nSTATUS=lines 4 idle\n');
    expect(runs).toEqual([{ file: 'systemd-notify', args: ['READY=1', 'STATUS=lines 4 idle'], socket: '/run/n.sock' }]);
  });
});
