import { describe, expect, it } from 'vitest';
import type { Clock, DeviceHealth } from '../../../hal/contracts/index.js';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { DeviceView } from './DeviceView.js';
import { EventLoopLag } from './EventLoopLag.js';
import { ServiceHealth } from './ServiceHealth.js';

function device(id: string, health: DeviceHealth, optional = false): DeviceView & { set(h: DeviceHealth): void } {
  let h = health;
  return { id, kind: 'fxo', device: id.split(':')[0] ?? id, optional, health: () => h, set: (next) => { h = next; } };
}

describe('EventLoopLag', () => {
  it('is 0 before any probe, then the worst lateness of the recent probes', () => {
    // A clock whose time can move while the loop is busy: the probe fires only when run() is called.
    let now = 0;
    const timers = new Map<number, { due: number; fn: () => void }>();
    let seq = 0;
    const clock: Clock = {
      now: () => now,
      setTimeout: (fn, ms) => {
        timers.set(++seq, { due: now + ms, fn });
        return seq;
      },
      clearTimeout: (h) => void timers.delete(h as number),
    };
    const run = (at: number) => {
      now = at;
      for (const [h, t] of [...timers]) {
        if (t.due > now) continue;
        timers.delete(h);
        t.fn();
      }
    };
    const lag = new EventLoopLag({ clock, sampleMs: 100, window: 3 });
    lag.start();
    expect(lag.lag).toBe(0);
    run(100);
    expect(lag.lag).toBe(0);
    // A 700 ms stall: the probe due at 200 runs at 900.
    run(900);
    expect(lag.lag).toBe(700);
    run(1000);
    run(1100);
    expect(lag.lag).toBe(700);
    // Three punctual probes later the stall has left the window.
    run(1200);
    expect(lag.lag).toBe(0);
  });

  it('leaves no timer behind after stop()', () => {
    const clock = new SimulatedClock();
    const lag = new EventLoopLag({ clock, sampleMs: 100 });
    lag.start();
    lag.start();
    lag.stop();
    clock.advanceTo(10_000);
    expect(lag.lag).toBe(0);
  });

  it('names a bad parameter', () => {
    expect(() => new EventLoopLag({ clock: new SimulatedClock(), sampleMs: 0 })).toThrow(/o\.sampleMs/);
    expect(() => new EventLoopLag({ clock: new SimulatedClock(), window: 1.5 })).toThrow(/o\.window/);
  });
});

describe('ServiceHealth', () => {
  it('passes with a quick loop, fails from the lag limit on, naming the lag', () => {
    const clock = new SimulatedClock();
    let lag = 30;
    const h = new ServiceHealth({ clock, lag: () => lag, devices: [], maxLagMs: 1000 });
    expect(h.check()).toEqual({ ok: true, problems: [] });
    lag = 1000;
    expect(h.check()).toEqual({ ok: false, problems: ['event loop lag 1000 ms (limit 1000 ms)'] });
  });

  it('lost and closed devices are degraded, not unhealthy: their supervisors retry', () => {
    const clock = new SimulatedClock();
    const h = new ServiceHealth({ clock, lag: () => 0, devices: [device('daa:0', 'lost'), device('modem5:0', 'closed', true), device('desk1', 'ready')] });
    expect(h.check().ok).toBe(true);
  });

  it('fails when a device has been opening for openStallMs, and recovers when it settles', () => {
    const clock = new SimulatedClock();
    const daa = device('daa:0', 'opening');
    const h = new ServiceHealth({ clock, lag: () => 0, devices: [daa], openStallMs: 30_000 });
    expect(h.check().ok).toBe(true);
    clock.advance(29_999);
    expect(h.check().ok).toBe(true);
    clock.advance(1);
    expect(h.check()).toEqual({ ok: false, problems: ['daa:0 stuck opening for 30 s'] });
    daa.set('ready');
    expect(h.check().ok).toBe(true);
    // A new open starts a new count.
    daa.set('opening');
    clock.advance(20_000);
    expect(h.check().ok).toBe(true);
  });
});
