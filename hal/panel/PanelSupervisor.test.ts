import { describe, expect, it } from 'vitest';
import { BlinkEngine } from '../blink/BlinkEngine.js';
import { advanceSettled, settle } from '../sim/advanceSettled.js';
import { SimKeyPanel } from '../sim/SimKeyPanel.js';
import { SimulatedClock } from '../sim/SimulatedClock.js';
import { HidWatcher } from '../drivers/hid/HidWatcher.js';
import { XkeysPanel } from '../drivers/hid/XkeysPanel.js';
import { FakeHidBackend } from '../../test/fakes/hid/FakeHidDevice.js';
import { fakeXkeys } from '../../test/fakes/hid/fakeXkeys.js';
import { PanelSupervisor } from './PanelSupervisor.js';
import type { PanelDeviceEvent } from './PanelSupervisor.js';

const log = (events: PanelDeviceEvent[]) => events.map((e) => `${e.t}:${e.up ? 'up' : `down${e.error ? `(${e.error.code})` : ''}`}`);

describe('PanelSupervisor: reopening with backoff on the clock', () => {
  it('a lost panel is opened again after 2 s, 4 s, 8 s … until it is back; device events mirror it', async () => {
    const clock = new SimulatedClock(0);
    const panel = new SimKeyPanel({ id: 'desk1', clock, rows: 1, cols: 4, color: 'rgb' });
    const sup = new PanelSupervisor({ panel, clock });
    const events: PanelDeviceEvent[] = [];
    sup.on('device', (e) => events.push(e));
    await sup.start();
    panel.unplug();
    await advanceSettled(clock, 2000 + 4000 + 8000 - 1); // attempts at 2000 and 6000 fail; the next is at 14000
    expect(panel.health).toBe('lost');
    panel.replug();
    await advanceSettled(clock, 1);
    expect(log(events)).toEqual(['0:up', '0:down(DISCONNECTED)', '14000:up']);
    expect(sup.up).toBe(true);
    expect(clock.pendingCount).toBe(0);
  });

  it('a panel absent at start is reported down and tried again; stop() ends the retries', async () => {
    const clock = new SimulatedClock(0);
    const panel = new SimKeyPanel({ id: 'desk1', clock, rows: 1, cols: 4, color: 'rgb' });
    panel.unplug();
    const sup = new PanelSupervisor({ panel, clock, backoff: { firstMs: 1000, maxMs: 1000 } });
    const events: PanelDeviceEvent[] = [];
    sup.on('device', (e) => events.push(e));
    await sup.start();
    await advanceSettled(clock, 3000);
    expect(log(events)).toEqual(['0:down(NOT_FOUND)']);
    await sup.stop();
    panel.replug();
    await advanceSettled(clock, 60_000);
    expect(panel.health).toBe('closed');
    expect(clock.pendingCount).toBe(0);
  });
});

describe('PanelSupervisor + XkeysPanel + HidWatcher: unplug mid-operation, replug, lamps restored', () => {
  it('lost once, reopened when the watcher sees the panel again, every LED written in full on ready', async () => {
    const clock = new SimulatedClock(0);
    const backend = new FakeHidBackend();
    const device = backend.add(fakeXkeys({ path: '/dev/hidraw0', productId: 1029, unitId: 1 }));
    const panel = new XkeysPanel({ id: 'desk1', clock, backend, usb: '05f3:0405', unitId: 1 });
    const watcher = new HidWatcher(clock, () => backend.enumerate());
    const engine = new BlinkEngine(clock);
    const sup = new PanelSupervisor({ panel, clock, backoff: { firstMs: 2000, maxMs: 30_000 }, watch: (cb) => watcher.watch({ usb: '05f3:0405' }, cb) });
    const events: PanelDeviceEvent[] = [];
    sup.on('device', (e) => events.push(e));
    panel.on('ready', () => engine.writeAll(panel)); // what the panel owner does on every ready
    engine.led(panel, 1).set({ kind: 'steady', color: 'blue' });
    engine.led(panel, 2).set({ kind: 'steady', color: 'red' });
    await sup.start();
    await settle();
    expect(backend.scans).toBe(1);

    device.unplug();
    await settle();
    engine.led(panel, 3).set({ kind: 'steady', color: 'blue' }); // a lamp change while the panel is away
    await advanceSettled(clock, 20_000); // backoff attempts at 2 s, 6 s, 14 s and watcher scans fail
    expect(panel.health).toBe('lost');
    const before = device.written.length;

    device.replug();
    await advanceSettled(clock, 2000); // the watcher's next scan (every 2 s) sees it at 22 s, before the 30 s backoff attempt
    expect(panel.health).toBe('ready');
    expect(log(events)).toEqual(['0:up', '0:down(DISCONNECTED)', '22000:up']);

    // After the handshake, all 24 keys in full: two legacy reports each (blue LED, red LED).
    const after = device.written.slice(before);
    expect(after.slice(0, 2).map((r) => r[1])).toEqual([214, 177]);
    const leds = new Map<number, number>();
    for (const r of after.slice(2)) {
      expect(r[1]).toBe(181);
      leds.set(r[2]!, r[3]!);
    }
    expect(after.length - 2).toBe(48);
    expect([leds.get(0), leds.get(32)]).toEqual([1, 0]); // key 1 blue
    expect([leds.get(1), leds.get(33)]).toEqual([0, 1]); // key 2 red
    expect([leds.get(2), leds.get(34)]).toEqual([1, 0]); // key 3 blue, set while away
    expect([...leds.entries()].filter(([i, v]) => v !== 0 && ![0, 33, 2].includes(i))).toEqual([]);
    expect(watcher.active).toBe(false); // no scanning while every panel is up

    await sup.stop();
    expect(device.transports.size).toBe(0);
  });
});
