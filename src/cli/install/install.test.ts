import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliStream } from '../CliIo.js';
import { installServiceCommand } from '../installServiceCommand.js';
import type { InstallServiceDeps } from '../installServiceCommand.js';
import { applyInstall } from './applyInstall.js';
import type { InstallHost } from './InstallHost.js';
import { systemHost } from './InstallHost.js';
import { installPlan } from './installPlan.js';
import { unitForInstall } from './unitForInstall.js';

const SYSTEMD_DIR = fileURLToPath(new URL('../../../systemd/', import.meta.url));
const UNIT = readFileSync(join(SYSTEMD_DIR, 'keyline.service'), 'utf8');

function buffer(): CliStream & { text: string } {
  const b = { text: '', write: (s: string) => { b.text += s; } };
  return b;
}

/** Records what an install would do to the host, and answers commands. */
class FakeHost implements InstallHost {
  readonly files = new Map<string, { content: string; mode: number }>();
  readonly dirs: string[] = [];
  readonly ran: string[] = [];
  failing = new Set<string>();
  exists = (p: string) => this.files.has(p);
  mkdir = (p: string) => {
    this.dirs.push(p);
    return Promise.resolve();
  };
  writeFile = (p: string, content: string, mode: number) => {
    this.files.set(p, { content, mode });
    return Promise.resolve();
  };
  run = (argv: string[]) => {
    this.ran.push(argv.join(' '));
    return Promise.resolve(this.failing.has(argv[0] ?? '') ? { ok: false, detail: `${argv[0] ?? ''}: not found` } : { ok: true, detail: '' });
  };
}

const deps = (host: InstallHost, uid = 0): InstallServiceDeps => ({ host, systemdDir: SYSTEMD_DIR, uid, node: '/opt/node20/bin/node', keyline: '/opt/keyline/bin/keyline.js' });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('unitForInstall', () => {
  it('points ExecStart at this node and keyline, keeping node as the program systemd execs', () => {
    const unit = unitForInstall(UNIT, { node: '/opt/node20/bin/node', keyline: '/opt/keyline/bin/keyline.js' });
    expect(unit).toMatch(/^ExecStart=\/opt\/node20\/bin\/node \/opt\/keyline\/bin\/keyline\.js run --config \/etc\/keyline\/keyline\.yaml$/m);
    expect(unit.replace(/^ExecStart=.*$/m, '')).toBe(UNIT.replace(/^ExecStart=.*$/m, ''));
  });

  it('keeps the node flags between node and keyline.js (ExecStart is the only place for --single-threaded)', () => {
    const flagged = UNIT.replace(/^ExecStart=(\S+) /m, 'ExecStart=$1 --single-threaded --stack-size=900 ');
    const unit = unitForInstall(flagged, { node: '/opt/node20/bin/node', keyline: '/opt/keyline/bin/keyline.js' });
    expect(unit).toMatch(/^ExecStart=\/opt\/node20\/bin\/node --single-threaded --stack-size=900 \/opt\/keyline\/bin\/keyline\.js run --config \/etc\/keyline\/keyline\.yaml$/m);
  });

  it('refuses an ExecStart that does not run keyline.js run', () => {
    expect(() => unitForInstall(UNIT.replace(/^ExecStart=.*$/m, 'ExecStart=/usr/bin/node --single-threaded'), { node: '/usr/bin/node', keyline: '/k.js' })).toThrow(/unexpected ExecStart=/);
    expect(() => unitForInstall(UNIT.replace(/^ExecStart=.*$/m, 'ExecStart=/usr/bin/node /k.js status'), { node: '/usr/bin/node', keyline: '/k.js' })).toThrow(/unexpected ExecStart=/);
  });

  it('refuses relative paths and paths with spaces, naming the parameter', () => {
    expect(() => unitForInstall(UNIT, { node: 'node', keyline: '/k.js' })).toThrow(/paths\.node must be an absolute path/);
    expect(() => unitForInstall(UNIT, { node: '/usr/bin/node', keyline: '/my keyline/k.js' })).toThrow(/paths\.keyline/);
  });
});

describe('the packaged unit (hardware.md §9.2, §9.3)', () => {
  const directive = (k: string) => [...UNIT.matchAll(new RegExp(`^${k}=(.*)$`, 'gm'))].map((m) => m[1]);
  it('is Type=notify with NotifyAccess=main, a watchdog, restarts on failure with a start limit, and a stop timeout', () => {
    expect(directive('Type')).toEqual(['notify']);
    expect(directive('NotifyAccess')).toEqual(['main']);
    expect(directive('WatchdogSec')).toEqual(['20s']);
    expect(directive('Restart')).toEqual(['on-failure']);
    expect(directive('StartLimitBurst')).toHaveLength(1);
    expect(directive('TimeoutStopSec')).toEqual(['10s']);
  });

  it('execs node directly, never through a shell, and keeps W+X memory allowed for the JIT', () => {
    expect(directive('ExecStart')[0]).toMatch(/^\/usr\/bin\/node \S+keyline\.js run /);
    expect(UNIT).not.toMatch(/^ExecStart=.*\bsh -c/m);
    expect(directive('MemoryDenyWriteExecute')).toEqual(['no']);
  });

  it('is hardened: its own user, devices limited to the board\'s kinds, read-only system', () => {
    expect(directive('User')).toEqual(['keyline']);
    expect(directive('DevicePolicy')).toEqual(['closed']);
    expect(directive('DeviceAllow')).toEqual(['char-ttyACM rw', 'char-ttyUSB rw', 'char-hidraw rw']);
    for (const [k, v] of [['ProtectSystem', 'strict'], ['NoNewPrivileges', 'yes'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes'], ['CapabilityBoundingSet', '']]) {
      expect(directive(k as string), k).toEqual([v]);
    }
    expect(directive('PrivateDevices')).toEqual([]);
  });
});

describe('keyline install-service', () => {
  it('--dry-run prints every step and the steps by hand, and changes nothing', async () => {
    const host = new FakeHost();
    const out = buffer();
    expect(await installServiceCommand(['--dry-run', '--board', '/etc/keyline/board.json'], { stdout: out, stderr: buffer() }, deps(host, 1000))).toBe(0);
    expect(out.text).toMatch(/^keyline install-service would:\n/);
    expect(out.text).toMatch(/write \/etc\/systemd\/system\/keyline\.service \(0644\)/);
    expect(out.text).toMatch(/mkdir \/etc\/keyline \(0755\)/);
    expect(out.text).toMatch(/mkdir \/var\/lib\/keyline \(0750\)/);
    expect(out.text).toMatch(/write \/etc\/keyline\/keyline\.env \(0640, kept if present\)/);
    expect(out.text).toMatch(/run systemctl daemon-reload/);
    expect(out.text).toMatch(/systemctl enable --now keyline/);
    expect(host.files.size + host.dirs.length + host.ran.length).toBe(0);
  });

  it('needs root, unless it only stages under --root or only prints', async () => {
    const err = buffer();
    expect(await installServiceCommand([], { stdout: buffer(), stderr: err }, deps(new FakeHost(), 1000))).toBe(1);
    expect(err.text).toMatch(/needs root .*--dry-run/);
  });

  it('installs the unit, the udev rules found beside it, the sysctl and directories, then reloads systemd and udev', async () => {
    const host = new FakeHost();
    const files = { unit: UNIT, sysctl: 'net.core.rmem_max = 4194304\n', udevRules: new Map([['60-keyline.rules', 'KERNEL=="hidraw*", ATTRS{idVendor}=="05f3", GROUP="plugdev", MODE="0660"\n']]) };
    const steps = installPlan(files, { node: '/usr/bin/node', keyline: '/usr/lib/keyline/bin/keyline.js', board: '/etc/keyline/board.json', root: null });
    host.files.set('/etc/keyline/keyline.env', { content: 'KEYLINE_BOARD=/mine.json\n', mode: 0o640 });
    const lines: string[] = [];
    const outcomes = await applyInstall(steps, host, (l) => lines.push(l));
    expect(host.files.get('/etc/udev/rules.d/60-keyline.rules')?.mode).toBe(0o644);
    expect(host.files.get('/etc/systemd/system/keyline.service')?.content).toMatch(/^Type=notify$/m);
    expect(host.files.get('/etc/keyline/keyline.env')?.content).toBe('KEYLINE_BOARD=/mine.json\n');
    expect(outcomes.find((o) => o.step.kind === 'write' && o.step.path.endsWith('keyline.env'))?.result).toBe('kept');
    expect(host.dirs).toEqual(['/etc/keyline', '/var/lib/keyline']);
    expect(host.ran).toEqual([
      'systemd-sysusers /etc/sysusers.d/keyline.conf', 'chown keyline:keyline /var/lib/keyline', 'systemctl daemon-reload',
      'udevadm control --reload-rules', 'udevadm trigger --subsystem-match=tty --subsystem-match=hidraw', 'sysctl -p /etc/sysctl.d/60-keyline.conf',
    ]);
    expect(lines.every((l) => /^(ok {2}|kept) /.test(l))).toBe(true);
  });

  it('a failing command is reported and the rest goes on; the exit code says so', async () => {
    // A package directory of its own: one rules file, whatever systemd/ holds today.
    const pkg = mkdtempSync(join(tmpdir(), 'keyline-pkg-'));
    dirs.push(pkg);
    writeFileSync(join(pkg, 'keyline.service'), UNIT);
    writeFileSync(join(pkg, '60-keyline.conf'), 'net.core.rmem_max = 4194304\n');
    writeFileSync(join(pkg, '60-keyline.rules'), 'KERNEL=="hidraw*", ATTRS{idVendor}=="05f3", GROUP="plugdev", MODE="0660"\n');
    const host = new FakeHost();
    host.failing.add('udevadm');
    host.failing.add('sysctl');
    const out = buffer();
    const err = buffer();
    expect(await installServiceCommand([], { stdout: out, stderr: err }, { ...deps(host), systemdDir: pkg })).toBe(1);
    expect(out.text).toMatch(/FAIL run sysctl -p .* — sysctl: not found/);
    expect(out.text).toMatch(/FAIL run udevadm control --reload-rules: .* — udevadm: not found/);
    expect(host.files.has('/etc/udev/rules.d/60-keyline.rules')).toBe(true);
    expect(host.ran).toContain('systemctl daemon-reload');
    expect(err.text).toMatch(/3 step\(s\) failed/);
  });

  it('--root stages the files into a directory on the real file system and runs nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'keyline-install-'));
    dirs.push(root);
    const out = buffer();
    const code = await installServiceCommand(['--root', root, '--board', '/etc/keyline/b.json'], { stdout: out, stderr: buffer() }, { ...deps(systemHost, 1000) });
    expect(code, out.text).toBe(0);
    const unit = readFileSync(join(root, 'etc/systemd/system/keyline.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/opt\/node20\/bin\/node \/opt\/keyline\/bin\/keyline\.js run /m);
    expect(statSync(join(root, 'var/lib/keyline')).mode & 0o777).toBe(0o750);
    expect(readFileSync(join(root, 'etc/keyline/keyline.env'), 'utf8')).toBe('KEYLINE_BOARD=/etc/keyline/b.json\n');
    expect(existsSync(join(root, 'etc/sysctl.d/60-keyline.conf'))).toBe(true);
    expect(out.text).not.toMatch(/run systemctl/);
  });

  it('rejects a relative --board with a usage error', async () => {
    const err = buffer();
    await expect(installServiceCommand(['--board', 'b.json', '--dry-run'], { stdout: buffer(), stderr: err }, deps(new FakeHost()))).rejects.toThrow(/--board must be an absolute path/);
  });
});
