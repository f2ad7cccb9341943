import { describe, expect, it } from 'vitest';
import { advanceSettled } from '../../sim/advanceSettled.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { FakeHidBackend, FakeHidDevice } from '../../../test/fakes/hid/FakeHidDevice.js';
import { HidWatcher } from './HidWatcher.js';
import { matchHidDevices } from './matchHidDevices.js';

describe('HidWatcher', () => {
  it('scans every 2 s only while watched and fires on absent → present', async () => {
    const clock = new SimulatedClock();
    const backend = new FakeHidBackend();
    const dev = backend.add(new FakeHidDevice({ path: '/dev/hidraw1', vendorId: 0x05f3, productId: 0x0405, interface: 0 }));
    dev.present = false;
    const watcher = new HidWatcher(clock, () => backend.enumerate());
    expect(watcher.active).toBe(false);
    const seen: number[] = [];
    const stop = watcher.watch({ usb: '05f3:0405' }, () => seen.push(clock.now()));
    await advanceSettled(clock, 4000);
    expect(backend.scans).toBe(2);
    dev.present = true;
    await advanceSettled(clock, 6000);
    expect(seen).toEqual([6000]); // once, not at every scan while present
    dev.present = false;
    await advanceSettled(clock, 2000);
    dev.present = true;
    await advanceSettled(clock, 2000);
    expect(seen).toEqual([6000, 14000]);
    stop();
    const scans = backend.scans;
    await advanceSettled(clock, 10_000);
    expect(backend.scans).toBe(scans);
    expect(clock.pendingCount).toBe(0);
  });

  it('a failed scan counts as nothing present', async () => {
    const clock = new SimulatedClock();
    const watcher = new HidWatcher(clock, () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')));
    const seen: number[] = [];
    watcher.watch({ usb: '05f3:0405' }, () => seen.push(1));
    await advanceSettled(clock, 6000);
    expect(seen).toEqual([]);
  });
});

describe('matchHidDevices', () => {
  const d = (path: string, productId: number, iface: number) => ({ path, vendorId: 0x05f3, productId, interface: iface });
  it('matches vid:pid and interface, sorted by path', () => {
    const list = [d('/dev/hidraw7', 0x405, 0), d('/dev/hidraw2', 0x405, 0), d('/dev/hidraw3', 0x405, 1), d('/dev/hidraw4', 0x404, 0)];
    expect(matchHidDevices({ usb: '05f3:0405', interface: 0 }, list).map((x) => x.path)).toEqual(['/dev/hidraw2', '/dev/hidraw7']);
    expect(matchHidDevices({ usb: '05f3:0405' }, list)).toHaveLength(3);
  });
});
