import { describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../../hal/contracts/index.js';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { DeviceView } from '../health/DeviceView.js';
import type { HealthReport } from '../health/HealthCheck.js';
import type { Logger } from '../Logger.js';
import type { NotifyTransport } from './NotifyTransport.js';
import { notifyEnv } from './notifyEnv.js';
import { statusSummary } from './statusSummary.js';
import { SystemdNotifier } from './SystemdNotifier.js';
import { SystemdSupervision } from './SystemdSupervision.js';
import { WatchdogPinger } from './WatchdogPinger.js';

const quiet: Logger = { log: () => undefined };
const flush = () => new Promise((r) => setImmediate(r));

function device(id: string, health: DeviceHealth, optional = false): DeviceView & { set(h: DeviceHealth): void } {
  let h = health;
  return { id, kind: 'fxo', device: id, optional, health: () => h, set: (next) => { h = next; } };
}

class Recorder implements NotifyTransport {
  readonly name = 'socket';
  readonly sent: string[] = [];
  send(m: string): Promise<void> {
    this.sent.push(m);
    return Promise.resolve();
  }
  close(): void {}
}

describe('notifyEnv', () => {
  it('reads the socket and the watchdog period for this process only', () => {
    expect(notifyEnv({}, 10)).toEqual({ socket: null, watchdogMs: null });
    expect(notifyEnv({ NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '400000' }, 10)).toEqual({ socket: '/run/n', watchdogMs: 400 });
    expect(notifyEnv({ NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '400000', WATCHDOG_PID: '10' }, 10).watchdogMs).toBe(400);
    expect(notifyEnv({ NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '400000', WATCHDOG_PID: '11' }, 10).watchdogMs).toBeNull();
    expect(notifyEnv({ NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: 'soon' }, 10).watchdogMs).toBeNull();
    expect(notifyEnv({ NOTIFY_SOCKET: '', WATCHDOG_USEC: '400000' }, 10)).toEqual({ socket: null, watchdogMs: null });
  });
});

describe('statusSummary', () => {
  it('counts lines idle, in use and out of service, phones registered and degraded devices', () => {
    const devices = [device('daa:0', 'ready'), device('modem5:0', 'closed', true)];
    expect(statusSummary(['idle', 'connected', 'ringing.active', 'out-of-service'], null, devices))
      .toBe('lines 1 idle, 2 in use, 1 out of service; degraded: modem5:0 closed');
    expect(statusSummary(['idle', 'idle'], 2, [device('daa:0', 'ready')])).toBe('lines 2 idle, 0 in use; 2 phones registered; devices ok');
    expect(statusSummary(['idle'], 1, [])).toBe('lines 1 idle, 0 in use; 1 phone registered; devices ok');
  });
});

describe('WatchdogPinger', () => {
  it('pings at once and every interval while healthy, withholds while not, and logs the change', async () => {
    const clock = new SimulatedClock();
    const logs: string[] = [];
    let report: HealthReport = { ok: true, problems: [] };
    let pings = 0;
    const p = new WatchdogPinger({
      clock, intervalMs: 200, health: { check: () => report },
      ping: () => Promise.resolve(pings++), log: { log: (level, _c, f) => void logs.push(`${level} ${String(f['event'])} ${String(f['problems'] ?? '')}`.trim()) },
    });
    p.start();
    clock.advance(400);
    expect(pings).toBe(3);
    report = { ok: false, problems: ['event loop lag 6000 ms (limit 5000 ms)'] };
    clock.advance(400);
    expect(pings).toBe(3);
    report = { ok: true, problems: [] };
    clock.advance(200);
    expect(pings).toBe(4);
    expect(logs).toEqual(['error watchdog-withheld event loop lag 6000 ms (limit 5000 ms)', 'notice watchdog-healthy']);
    p.stop();
    clock.advance(10_000);
    expect(pings).toBe(4);
    await flush();
  });

  it('treats a throwing health check as unhealthy', () => {
    const clock = new SimulatedClock();
    let pings = 0;
    const p = new WatchdogPinger({ clock, intervalMs: 100, health: { check: () => { throw new Error('bug'); } }, ping: () => Promise.resolve(pings++), log: quiet });
    p.start();
    clock.advance(300);
    expect(pings).toBe(0);
    p.stop();
  });
});

describe('SystemdSupervision', () => {
  function setup(devices: DeviceView[], env: Record<string, string>) {
    const clock = new SimulatedClock();
    const rec = new Recorder();
    const listeners = new Set<() => void>();
    let current = ['idle', 'idle'];
    const service = {
      devices,
      lineStates: () => current,
      phonesRegistered: () => null,
      onChange: (l: () => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const notifier = new SystemdNotifier({ socket: env['NOTIFY_SOCKET'] ?? null, log: quiet, primary: rec, fallback: null });
    const sup = new SystemdSupervision(service, { clock, log: quiet, env, pid: 1, notifier });
    const change = (next: string[]) => {
      current = next;
      for (const l of listeners) l();
    };
    return { clock, rec, sup, change, listeners };
  }

  it('sends READY=1 with the summary at once when every required device is ready, then STATUS on changes', async () => {
    const { rec, change, sup, clock } = setup([device('sim:0', 'ready')], { NOTIFY_SOCKET: '/run/n' });
    await flush();
    expect(rec.sent).toEqual(['READY=1\nSTATUS=lines 2 idle, 0 in use; devices ok\n']);
    // A burst of steps is one update, half a second after its first step.
    change(['ringing.active', 'idle']);
    clock.advance(200);
    change(['connected', 'idle']);
    clock.advance(299);
    await flush();
    expect(rec.sent).toHaveLength(1);
    clock.advance(1);
    change(['connected', 'idle']);
    clock.advance(500);
    await flush();
    expect(rec.sent.slice(1)).toEqual(['STATUS=lines 1 idle, 1 in use; devices ok\n']);
    await sup.stopping();
    expect(rec.sent.at(-1)).toBe('STOPPING=1\nSTATUS=stopping: lines going on-hook\n');
  });

  it('holds READY back until required devices are ready; an optional one may stay degraded', async () => {
    const daa = device('daa:0', 'opening');
    const { rec, clock, sup } = setup([daa, device('modem5:0', 'closed', true)], { NOTIFY_SOCKET: '/run/n' });
    await flush();
    expect(rec.sent).toEqual(['STATUS=starting: waiting for daa:0 (opening)\n']);
    daa.set('ready');
    clock.advance(5000);
    await flush();
    expect(rec.sent.at(-1)).toBe('READY=1\nSTATUS=lines 2 idle, 0 in use; degraded: modem5:0 closed\n');
    sup.close();
  });

  it('pings the watchdog every WATCHDOG_USEC/2 and stops at stopping()', async () => {
    const { rec, clock, sup } = setup([device('sim:0', 'ready')], { NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '400000' });
    clock.advance(1000);
    await flush();
    const pings = () => rec.sent.filter((m) => m === 'WATCHDOG=1\n').length;
    expect(pings()).toBe(6);
    await sup.stopping();
    clock.advance(1000);
    expect(pings()).toBe(6);
  });

  it('without NOTIFY_SOCKET sends nothing, subscribes to nothing and arms no timer', async () => {
    const { rec, clock, listeners } = setup([device('sim:0', 'ready')], { WATCHDOG_USEC: '400000' });
    clock.advance(10_000);
    await flush();
    expect(rec.sent).toEqual([]);
    expect(listeners.size).toBe(0);
  });
});
