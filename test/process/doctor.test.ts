import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/cli/doctor/Finding.js';
import { ROOT, ServiceProcess, cli, requireBuild, tempDir } from '../support/ServiceProcess.js';

/**
 * `keyline doctor` on this host, as an installer runs it: whatever hardware, udev, libusb and
 * systemd this machine has (each finding must still be well formed and come with advice when
 * it is a problem), and the running service's lines through its control socket.
 */
const running: ServiceProcess[] = [];
beforeAll(requireBuild);
afterEach(async () => {
  for (const s of running.splice(0)) await s.kill();
});

describe('keyline doctor (process)', () => {
  it('reports the running service\'s lines and checks this host, every problem with advice', async () => {
    const dir = tempDir('doctor');
    const sock = join(dir, 'control.sock');
    const svc = new ServiceProcess(['--config', join(ROOT, 'examples', 'demo.yaml'), '--socket', sock, '--state-dir', join(dir, 'state')]);
    running.push(svc);
    await svc.waitFor(/service event=ready/);
    const r = cli(['doctor', '--json', '--socket', sock, '--board', join(ROOT, 'boards', 'sim-4line.json')]);
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(r.code).toBe(findings.some((f) => f.level === 'fail') ? 1 : 0);
    for (const f of findings) {
      expect(['ok', 'info', 'warn', 'fail']).toContain(f.level);
      if (f.level === 'warn' || f.level === 'fail') expect(f.advice, f.message).toBeTruthy();
    }
    expect(findings.filter((f) => f.check === 'board')).toMatchObject([{ level: 'ok', message: expect.stringMatching(/^board sim-4line/) }]);
    // Where udev is missing (containers) the serial listing fails with the udevadm trap, explained.
    const serial = findings.filter((f) => f.check === 'serial').map((f) => f.message).join('\n');
    expect(serial).toMatch(/fxo sim \(sim-fxo\): no match rule|serialport runs udevadm, which is not installed/);
    const service = findings.filter((f) => f.check === 'service');
    expect(service[0]).toEqual({ check: 'service', level: 'ok', message: `the service answers on ${sock}` });
    expect(service[1]).toMatchObject({ level: 'ok', message: 'lines: 4 idle, 0 in use, 0 out of service' });
    const text = cli(['doctor', '--socket', sock]);
    expect(text.stdout).toMatch(/^ok {3}service {6}the service answers on /m);
    expect(text.stdout).toMatch(/\d+ problem\(s\), \d+ warning\(s\)\n$/);
  });
});
