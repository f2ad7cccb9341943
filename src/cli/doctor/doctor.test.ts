import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../control/messages.js';
import type { DoctorProbe, HidInfo, RunResult, SerialInfo } from './DoctorProbe.js';
import type { Finding } from './Finding.js';
import { formatFindings } from './formatFindings.js';
import { runDoctor } from './runDoctor.js';

const BOARD = JSON.stringify({
  schema: 1, board: 'kl-daa4-xk24',
  fxo: [
    { id: 'daa', compatible: 'mcu-si3050', match: { path: '/dev/serial/by-id/usb-keyline_DAA4_KL4-000123-if00' }, channels: { line1: 0 } },
    { id: 'modem5', compatible: 'v253-modem', optional: true, match: { usb: '0baf:0303', path: '/dev/serial/by-id/usb-U.S._Robotics_USB_Modem_*-if00' }, channels: { line5: 0 } },
  ],
  panels: [{ id: 'desk1', compatible: 'xkeys', match: { usb: '05f3:0405', unitId: 1 }, keys: {} }],
});
const DAA: SerialInfo = { path: '/dev/ttyACM0', pnpId: 'usb-keyline_DAA4_KL4-000123-if00', vendorId: '1209', productId: 'c0de', manufacturer: 'keyline' };
const MODEM: SerialInfo = { path: '/dev/ttyACM1', pnpId: 'usb-U.S._Robotics_USB_Modem_0001-if00', vendorId: '0BAF', productId: '0303', manufacturer: 'U.S. Robotics' };
const XK24: HidInfo = { vendorId: 0x05f3, productId: 0x0405, path: '/dev/hidraw0', product: 'XK-24' };

/** A host with no hardware: every answer is set by the test. */
class FakeProbe implements DoctorProbe {
  env: Record<string, string | undefined> = {};
  serial: SerialInfo[] | Error = [];
  hid: HidInfo[] | Error = [];
  files = new Map<string, string>([['/boards/b.json', BOARD]]);
  nodes = new Map<string, { realPath: string; group: string; mode: number }>();
  programs = new Map<string, RunResult>();
  statuses = new Map<string, SystemStatus>();
  ran: string[] = [];
  listSerial = () => (this.serial instanceof Error ? Promise.reject(this.serial) : Promise.resolve(this.serial));
  listHid = () => (this.hid instanceof Error ? Promise.reject(this.hid) : Promise.resolve(this.hid));
  run = (argv: string[]) => {
    this.ran.push(argv.join(' '));
    const key = [...this.programs.keys()].find((k) => argv.join(' ').startsWith(k));
    return Promise.resolve(key ? (this.programs.get(key) as RunResult) : { code: null, stdout: '', stderr: '', spawnError: 'ENOENT' });
  };
  node = (path: string) => Promise.resolve(this.nodes.get(path) ?? null);
  readFile = (path: string) => Promise.resolve(this.files.get(path) ?? null);
  socketErrors = new Map<string, string>();
  status = (socket: string) => {
    const st = this.statuses.get(socket);
    return Promise.resolve(st ? { status: st } : { error: this.socketErrors.get(socket) ?? 'ENOENT' });
  };
}

const ok = (stdout: string): RunResult => ({ code: 0, stdout, stderr: '' });
const opts = { boardPath: '/boards/b.json', sockets: ['/tmp/k.sock', '/run/keyline/control.sock'], unit: 'keyline.service' };
const of = (findings: Finding[], check: string) => findings.filter((f) => f.check === check);

describe('keyline doctor', () => {
  it('matches the board\'s devices to what is plugged in, and lists the rest', async () => {
    const p = new FakeProbe();
    p.serial = [DAA, MODEM, { path: '/dev/ttyS0' }];
    p.hid = [XK24, { ...XK24 }, { vendorId: 0x046d, productId: 0xc52b, path: '/dev/hidraw1', product: 'Receiver' }];
    const f = await runDoctor(p, opts);
    expect(of(f, 'board')).toMatchObject([{ level: 'ok', message: expect.stringMatching(/board kl-daa4-xk24/) }]);
    expect(of(f, 'serial').map((x) => [x.level, x.message])).toEqual([
      ['ok', 'fxo daa (mcu-si3050): /dev/ttyACM0 = /dev/serial/by-id/usb-keyline_DAA4_KL4-000123-if00'],
      ['ok', 'fxo modem5 (v253-modem): /dev/ttyACM1 = /dev/serial/by-id/usb-U.S._Robotics_USB_Modem_0001-if00'],
      ['info', '/dev/ttyS0: not used by board kl-daa4-xk24'],
    ]);
    expect(of(f, 'hid').map((x) => [x.level, x.message])).toEqual([
      ['ok', 'panel desk1 (xkeys): /dev/hidraw0 (05f3:0405 XK-24) (unit id 1 is read when the service opens it)'],
      ['info', '/dev/hidraw1 (046d:c52b Receiver): not used by board kl-daa4-xk24'],
    ]);
  });

  it('a required device that is absent fails with advice; an optional one is only noted', async () => {
    const p = new FakeProbe();
    const f = await runDoctor(p, opts);
    const serial = of(f, 'serial');
    expect(serial[0]).toMatchObject({ level: 'fail', message: expect.stringMatching(/^fxo daa .*not found/), advice: expect.stringMatching(/ls -l \/dev\/serial\/by-id/) });
    expect(serial[1]).toMatchObject({ level: 'info', message: 'fxo modem5 (v253-modem): optional, not present (its lines stay out of service)' });
    expect(of(f, 'hid')[0]).toMatchObject({ level: 'fail', message: expect.stringMatching(/panel desk1 .*not found/) });
  });

  it('explains the udevadm trap and still checks a fixed board path directly', async () => {
    const p = new FakeProbe();
    p.serial = Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    p.nodes.set('/dev/serial/by-id/usb-keyline_DAA4_KL4-000123-if00', { realPath: '/dev/ttyACM0', group: 'dialout', mode: 0o20660 });
    const f = await runDoctor(p, opts);
    expect(of(f, 'serial')).toEqual([{
      check: 'serial', level: 'warn', message: expect.stringMatching(/udevadm, which is not installed/) as unknown as string,
      advice: expect.stringMatching(/apt install udev/) as unknown as string,
    }]);
    expect(of(f, 'permissions')).toMatchObject([{ level: 'ok', message: 'fxo daa: /dev/ttyACM0 group dialout mode 0660: the service can open it' }]);
  });

  it('explains the libusb trap of node-hid and the missing library', async () => {
    const p = new FakeProbe();
    p.hid = new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
    p.programs.set('ldconfig -p', ok('\t12 libs found in cache\n\tlibudev.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libudev.so.1\n'));
    const f = await runDoctor(p, opts);
    expect(of(f, 'hid')).toMatchObject([{ level: 'fail', advice: expect.stringMatching(/apt install libusb-1\.0-0/) }]);
    expect(of(f, 'libusb')).toMatchObject([{ level: 'fail', message: expect.stringMatching(/libusb-1\.0\.so\.0 is missing/), advice: 'apt install libusb-1.0-0' }]);
    p.programs.set('ldconfig -p', ok('\tlibusb-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libusb-1.0.so.0\n'));
    expect(of(await runDoctor(p, opts), 'libusb')).toMatchObject([{ level: 'ok' }]);
    // Without ldconfig, the library is looked for where Debian puts it.
    p.programs.delete('ldconfig -p');
    p.nodes.set('/usr/lib/aarch64-linux-gnu/libusb-1.0.so.0', { realPath: '/usr/lib/aarch64-linux-gnu/libusb-1.0.so.0.3.0', group: 'root', mode: 0o100644 });
    expect(of(await runDoctor(p, opts), 'libusb')).toMatchObject([{ level: 'ok' }]);
  });

  it('flags device nodes the service\'s groups cannot open, naming the group the udev rule should set', async () => {
    const p = new FakeProbe();
    p.serial = [DAA];
    p.hid = [XK24];
    p.nodes.set('/dev/ttyACM0', { realPath: '/dev/ttyACM0', group: 'root', mode: 0o20600 });
    p.nodes.set('/dev/hidraw0', { realPath: '/dev/hidraw0', group: 'plugdev', mode: 0o20660 });
    const f = of(await runDoctor(p, opts), 'permissions');
    expect(f[0]).toMatchObject({ level: 'fail', message: expect.stringMatching(/fxo daa: \/dev\/ttyACM0 group root mode 0600: the keyline service .* cannot open it/), advice: expect.stringMatching(/GROUP="dialout"/) });
    expect(f[1]).toMatchObject({ level: 'ok', message: expect.stringMatching(/panel desk1/) });
  });

  it('warns about ModemManager running and names it when it holds a port', async () => {
    const p = new FakeProbe();
    p.serial = [DAA];
    p.nodes.set('/dev/ttyACM0', { realPath: '/dev/ttyACM0', group: 'dialout', mode: 0o20660 });
    p.programs.set('systemctl is-active ModemManager', ok('active\n'));
    p.programs.set('fuser /dev/ttyACM0', ok(' 812'));
    p.files.set('/proc/812/comm', 'ModemManager\n');
    const f = of(await runDoctor(p, opts), 'modemmanager');
    expect(f.map((x) => x.level)).toEqual(['warn', 'fail']);
    expect(f[0]?.advice).toMatch(/ID_MM_DEVICE_IGNORE.*systemctl disable --now ModemManager/);
    expect(f[1]?.message).toBe('fxo daa: /dev/ttyACM0 is held by ModemManager (pid 812)');
  });

  it('without systemctl or fuser it says it cannot tell, and fails nothing', async () => {
    const p = new FakeProbe();
    p.serial = [DAA];
    p.nodes.set('/dev/ttyACM0', { realPath: '/dev/ttyACM0', group: 'dialout', mode: 0o20660 });
    const f = await runDoctor(p, opts);
    expect(of(f, 'modemmanager').map((x) => x.level)).toEqual(['info', 'info']);
    expect(of(f, 'systemd')).toMatchObject([{ level: 'info', message: expect.stringMatching(/systemctl not available/) }]);
  });

  it('reads the unit\'s notify state from systemd: running with STATUS, or the problems', async () => {
    const p = new FakeProbe();
    const show = (props: Record<string, string>) => ok(Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n'));
    const base = { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', Result: 'success', Type: 'notify', NotifyAccess: 'main', WatchdogUSec: '20s', StatusText: 'lines 4 idle, 0 in use; devices ok', NRestarts: '0' };
    p.programs.set('systemctl show keyline.service', show(base));
    expect(of(await runDoctor(p, opts), 'systemd')).toEqual([{ check: 'systemd', level: 'ok', message: 'keyline.service active/running: "lines 4 idle, 0 in use; devices ok", watchdog 20s' }]);
    p.programs.set('systemctl show keyline.service', show({ ...base, Type: 'exec', NotifyAccess: 'none', WatchdogUSec: '0', StatusText: '', NRestarts: '3' }));
    expect(of(await runDoctor(p, opts), 'systemd').map((x) => x.level)).toEqual(['warn', 'warn', 'warn', 'ok', 'warn']);
    p.programs.set('systemctl show keyline.service', show({ ...base, ActiveState: 'activating', SubState: 'start', StatusText: 'starting: waiting for daa:0 (lost)' }));
    expect(of(await runDoctor(p, opts), 'systemd')).toMatchObject([{ level: 'warn', message: expect.stringMatching(/still starting .*waiting for daa:0/) }]);
    p.programs.set('systemctl show keyline.service', show({ LoadState: 'not-found' }));
    expect(of(await runDoctor(p, opts), 'systemd')).toMatchObject([{ level: 'warn', advice: 'keyline install-service' }]);
  });

  it('reports lines and SIP from the running service, trying the systemd socket after the default', async () => {
    const p = new FakeProbe();
    const status: SystemStatus = {
      t: 0, lampField: [],
      lines: [
        { id: 'line1', label: '', port: 'daa:0', state: 'idle', call: null, pending: [], hook: 'on' },
        { id: 'line2', label: '', port: 'daa:1', state: 'idle', call: null, pending: [], hook: 'off' },
        { id: 'line5', label: '', port: 'modem5:0', state: 'out-of-service', call: null, pending: [], hook: 'on' },
      ],
      stations: [
        { id: 'alice', kind: 'sip', busy: false, reachable: true, handset: 'down', lamps: [], alerts: [], lastRefusal: null },
        { id: 'bob', kind: 'sip', busy: false, reachable: true, handset: 'down', lamps: [], alerts: [], lastRefusal: null },
      ],
      sip: {
        listen: 'udp:192.0.2.10:5060', subscriptions: [], legs: [], blocked: [{ address: '192.0.2.99', until: 1 }],
        registrations: [{ station: 'alice', contact: 'sip:alice@192.0.2.20', flow: { proto: 'udp', address: '192.0.2.20', port: 5060 }, expiresAt: 0 }],
      },
    };
    p.statuses.set('/run/keyline/control.sock', status);
    const f = of(await runDoctor(p, opts), 'service');
    expect(f.map((x) => [x.level, x.message])).toEqual([
      ['ok', 'the service answers on /run/keyline/control.sock'],
      ['warn', 'lines: 2 idle, 0 in use, 1 out of service (line5)'],
      ['fail', 'idle but off-hook: line2'],
      ['info', 'line voltage and loop current: not reported by these lines\' ports (boards that measure them, such as mcu-si3050, do; modems do not)'],
      ['ok', 'SIP listens on udp:192.0.2.10:5060; 1 phone(s) registered, 0 BLF subscription(s)'],
      ['warn', 'SIP stations not registered: bob'],
      ['warn', 'addresses blocked after failed authentication: 192.0.2.99'],
      ['info', 'presence (upstream PUBLISH): not reported by the control socket in this version'],
    ]);
  });

  it('judges the lines\' voltage and loop current from the running service: dead line, low voltage, weak loop, healthy', async () => {
    const p = new FakeProbe();
    const line = (id: string, levels: SystemStatus['lines'][number]['levels']): SystemStatus['lines'][number] => ({ id, label: '', port: id, state: 'idle', call: null, pending: [], hook: 'on', ...(levels ? { levels } : {}) });
    p.statuses.set('/tmp/k.sock', {
      t: 600_000, lampField: [], stations: [],
      lines: [
        line('line1', { onHook: { t: 590_000, volts: -48, milliamps: 0 }, offHook: { t: 300_000, volts: -7, milliamps: 27 } }),
        line('line2', { onHook: { t: 599_000, volts: 1, milliamps: 0 } }),
        line('line3', { onHook: { t: 599_000, volts: -12 } }),
        line('line4', { onHook: { t: 599_000, volts: 50 }, offHook: { t: 540_000, volts: -9, milliamps: 11 } }),
        line('line5', undefined),
      ],
    });
    const f = of(await runDoctor(p, opts), 'service').slice(2);
    expect(f.map((x) => [x.level, x.message])).toEqual([
      ['ok', 'line levels: line1 -48 V on-hook, 27 mA off-hook; not reported: line5'],
      ['fail', 'line2: no line voltage (1 V on-hook, 1 s ago): no line, or the line is cut'],
      ['warn', 'line3: low line voltage (-12 V on-hook, 1 s ago): line cut or damaged, or another device off-hook on it'],
      ['warn', 'line4: weak loop (11 mA off-hook, 60 s ago; below 15 mA)'],
      ['info', 'SIP is off in the configuration'],
    ]);
    expect(f.slice(1, 4).every((x) => typeof x.advice === 'string' && x.advice.length > 0)).toBe(true);
    expect(f[1]?.advice).toMatch(/wall jack/);
    expect(f[3]?.advice).toMatch(/measure the loop/);
  });

  it('tells a socket it may not use from a service that is not running', async () => {
    const p = new FakeProbe();
    expect(of(await runDoctor(p, opts), 'service')).toMatchObject([{ level: 'info', message: expect.stringMatching(/does not answer \(tried \/tmp\/k\.sock, \/run\/keyline\/control\.sock\)/) }]);
    p.socketErrors.set('/run/keyline/control.sock', 'EACCES');
    expect(of(await runDoctor(p, opts), 'service')).toMatchObject([{ level: 'fail', message: expect.stringMatching(/permission denied on \/run\/keyline\/control\.sock/), advice: expect.stringMatching(/usermod -aG keyline/) }]);
  });

  it('finds the board in KEYLINE_BOARD or keyline.env, and reports a bad board file', async () => {
    const p = new FakeProbe();
    p.files.set('/etc/keyline/keyline.env', 'KEYLINE_LOG_LEVEL=info\nKEYLINE_BOARD="/boards/b.json"\n');
    expect(of(await runDoctor(p, { ...opts, boardPath: null }), 'board')).toMatchObject([{ level: 'ok' }]);
    p.files.set('/boards/bad.json', '{ "fxo": [ ');
    expect(of(await runDoctor(p, { ...opts, boardPath: '/boards/bad.json' }), 'board')).toMatchObject([{ level: 'fail', advice: expect.stringMatching(/keyline config check/) }]);
    expect(of(await runDoctor(p, { ...opts, boardPath: '/nope.json' }), 'board')).toMatchObject([{ level: 'fail', message: 'cannot read the board file /nope.json' }]);
  });

  it('a check that throws becomes a failure and the others still run', async () => {
    const p = new FakeProbe();
    const boom = async function brokenCheck(): Promise<Finding[]> {
      throw new Error('bug');
    };
    const after = async (): Promise<Finding[]> => [{ check: 'after', level: 'ok', message: 'ran' }];
    const f = await runDoctor(p, opts, [boom, after]);
    expect(f.slice(1)).toEqual([{ check: 'broken', level: 'fail', message: 'the check itself failed: bug' }, { check: 'after', level: 'ok', message: 'ran' }]);
    expect(formatFindings(f)).toMatch(/FAIL broken {7}the check itself failed: bug\n[\s\S]*1 problem\(s\), 0 warning\(s\)\n$/);
  });
});
