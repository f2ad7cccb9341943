import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unitForInstall } from '../../src/cli/install/unitForInstall.js';
import { BIN, ROOT, cli, requireBuild, tempDir } from '../support/ServiceProcess.js';

/**
 * systemd/keyline.service as systemd reads it (hardware.md §9.3): `systemd-analyze verify` on a
 * copy whose ExecStart names this machine's node and keyline (verify checks that the program
 * exists), and the exposure score of its hardening. Skipped, saying why, without systemd-analyze.
 */
const UNIT = readFileSync(join(ROOT, 'systemd', 'keyline.service'), 'utf8');
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8', timeout: 10_000 });
const missing = analyze.error ? `systemd-analyze is not installed (${analyze.error.message}): apt install systemd` : null;

function verify(unitText: string): { code: number | null; out: string } {
  const dir = tempDir('unit');
  const file = join(dir, 'keyline.service');
  writeFileSync(file, unitText);
  const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', timeout: 30_000, cwd: dir });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(missing !== null)(`systemd/keyline.service${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('passes systemd-analyze verify with ExecStart on this machine\'s node', () => {
    const r = verify(unitForInstall(UNIT, { node: process.execPath, keyline: BIN }));
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('verify does check ExecStart: a node that does not exist fails (so the pass above means something)', () => {
    const r = verify(unitForInstall(UNIT, { node: '/nonexistent/bin/node', keyline: BIN }));
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/\/nonexistent\/bin\/node is not executable/);
  });

  it('the unit install-service writes passes verify too', () => {
    requireBuild();
    const root = tempDir('stage');
    const r = cli(['install-service', '--root', root, '--node', process.execPath]);
    expect(r.code, r.stderr).toBe(0);
    const staged = readFileSync(join(root, 'etc', 'systemd', 'system', 'keyline.service'), 'utf8');
    expect(staged).toContain(`ExecStart=${process.execPath} ${join(ROOT, 'bin', 'keyline.js')} run`);
    expect(verify(staged)).toEqual({ code: 0, out: '' });
  });

  it('scores "OK" or better in systemd-analyze security (3.3 on systemd 252)', () => {
    const dir = tempDir('sec');
    const file = join(dir, 'keyline.service');
    writeFileSync(file, unitForInstall(UNIT, { node: process.execPath, keyline: BIN }));
    const r = spawnSync('systemd-analyze', ['security', '--offline=yes', file], { encoding: 'utf8', timeout: 30_000 });
    const m = /Overall exposure level for keyline\.service: (\d+\.\d+) (\w+)/.exec(`${r.stdout}${r.stderr}`);
    expect(m, `${r.stdout}${r.stderr}`).not.toBeNull();
    expect(Number(m?.[1])).toBeLessThanOrEqual(4.0);
  });
});
