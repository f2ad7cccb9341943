import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../contracts/device.js';
import { BlinkEngine } from '../../blink/BlinkEngine.js';
import { settle } from '../../sim/advanceSettled.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { FakeHidBackend } from '../../../test/fakes/hid/FakeHidDevice.js';
import type { FakeHidDevice } from '../../../test/fakes/hid/FakeHidDevice.js';
import { fakeXkeys } from '../../../test/fakes/hid/fakeXkeys.js';
import { recordedReports, xkeysRecordings } from '../../../test/fakes/hid/fixtures.js';
import { XkeysPanel } from './XkeysPanel.js';

const XK24 = xkeysRecordings.xk24;
const XKE40 = xkeysRecordings.xke40;
const pad36 = (hex: string): string => hex.padEnd(72, '0');

async function setup(o: { productId?: number; unitId?: number; match?: number; units?: number[] } = {}) {
  const clock = new SimulatedClock(1000);
  const backend = new FakeHidBackend();
  const productId = o.productId ?? XK24.productId;
  const devices: FakeHidDevice[] = (o.units ?? [o.unitId ?? XK24.unitId]).map((unitId, i) =>
    backend.add(fakeXkeys({ path: `/dev/hidraw${i}`, productId, unitId, inputLength: productId === XKE40.productId ? 36 : 32 })));
  const usb = `05f3:${productId.toString(16).padStart(4, '0')}`;
  const panel = new XkeysPanel({ id: 'desk1', clock, backend, usb, ...(o.match === undefined ? {} : { unitId: o.match }) });
  return { clock, backend, devices, device: devices[0]!, panel };
}

describe('XkeysPanel: opening', () => {
  it('takes the model from the xkeys product table: XK-24 has 24 blue/red keys and no usable hardware flash', async () => {
    const { panel } = await setup();
    expect(panel.caps).toMatchObject({ keys: 24, rows: 6, cols: 4, color: 'blueRed', hwBlink: null });
    expect(panel.caps.maxEdgesPerSecond).toBeGreaterThan(0);
  });

  it('asks version and state, then is ready', async () => {
    const { panel, device } = await setup();
    let ready = 0;
    panel.on('ready', () => ready++);
    await panel.open();
    expect(panel.health).toBe('ready');
    expect(ready).toBe(1);
    expect(device.writtenHex()).toEqual([pad36('00d6'), pad36('00b1')]);
  });

  it('opens a panel whose interface number the platform does not report (-1)', async () => {
    const { panel, device } = await setup();
    device.info.interface = -1;
    await panel.open();
    expect(panel.health).toBe('ready');
  });

  it('picks the panel with the board unit ID among identical ones', async () => {
    const { panel, devices } = await setup({ units: [3, 10], match: 10 });
    await panel.open();
    expect(devices[0]!.transports.size).toBe(0);
    expect(devices[1]!.transports.size).toBe(1);
  });

  it('rejects NOT_FOUND naming the unit IDs it saw when none matches', async () => {
    const { panel } = await setup({ units: [3], match: 10 });
    await expect(panel.open()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/unit ID 10.*\/dev\/hidraw0 unit 3/) });
    expect(panel.health).toBe('closed');
  });

  it('rejects NOT_FOUND when no panel is plugged in', async () => {
    const { panel, device } = await setup();
    device.present = false;
    await expect(panel.open()).rejects.toBeInstanceOf(DeviceError);
  });

  it('rejects TIMEOUT when the panel does not answer, on the clock', async () => {
    const clock = new SimulatedClock();
    const backend = new FakeHidBackend();
    const device = backend.add(fakeXkeys({ path: '/dev/hidraw0', productId: 1029, unitId: 1, answers: false }));
    const panel = new XkeysPanel({ id: 'desk1', clock, backend, usb: '05f3:0405', initTimeoutMs: 500 });
    const opening = panel.open();
    const result = expect(opening).rejects.toMatchObject({ code: 'TIMEOUT' });
    await settle();
    clock.advance(500);
    await result;
    expect(device.transports.size).toBe(0);
  });

  it('throws at construction for a USB id that is not an X-keys', async () => {
    const clock = new SimulatedClock();
    expect(() => new XkeysPanel({ id: 'p', clock, backend: new FakeHidBackend(), usb: '0fd9:0060' })).toThrow(/usb 0fd9:0060/);
    expect(() => new XkeysPanel({ id: 'p', clock, backend: new FakeHidBackend(), usb: '05F3:0405' })).toThrow(/usb must be lower-case/);
  });
});

describe('XkeysPanel: LEDs write the bytes recorded from real panels', () => {
  async function opened(productId = XK24.productId) {
    const s = await setup({ productId });
    await s.panel.open();
    const engine = new BlinkEngine(s.clock);
    const from = s.device.written.length;
    return { ...s, engine, since: () => s.device.writtenHex(from) };
  }

  it('XK-24 steady blue, then off', async () => {
    const { engine, panel, since, device } = await opened();
    engine.led(panel, 1).set({ kind: 'steady', color: 'blue' });
    await settle();
    expect(since()).toEqual(recordedReports(XK24, 'setBacklight[1, "00f"]'));
    const mark = device.written.length;
    engine.led(panel, 1).set({ kind: 'off' });
    await settle();
    expect(device.writtenHex(mark)).toEqual(recordedReports(XK24, 'setBacklight[1, "000"]'));
  });

  it('XK-24 blink is software blink on the engine clock: on and off reports at each edge, never the flash code', async () => {
    const { engine, panel, device, clock } = await opened();
    engine.led(panel, 1).set({ kind: 'blink', color: 'blue', onMs: 500, offMs: 500 });
    const edges: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const mark = device.written.length;
      await settle();
      edges.push(device.writtenHex(mark));
      clock.advance(500);
    }
    const on = recordedReports(XK24, 'setBacklight[1, "00f"]');
    const off = recordedReports(XK24, 'setBacklight[1, "000"]');
    expect(edges).toEqual([on, off, on]);
    expect(device.writtenHex().some((r) => r.startsWith('00b50002'))).toBe(false);
  });

  it('XKE-40 (linear backlights) red and blue', async () => {
    const { engine, panel, since, device } = await opened(XKE40.productId);
    expect(panel.caps).toMatchObject({ keys: 40, color: 'blueRed' });
    engine.led(panel, 1).set({ kind: 'steady', color: 'red' });
    await settle();
    expect(since()).toEqual(recordedReports(XKE40, 'setBacklight[1, "f00"]'));
    const mark = device.written.length;
    engine.led(panel, 1).set({ kind: 'steady', color: 'blue' });
    await settle();
    expect(device.writtenHex(mark)).toEqual(recordedReports(XKE40, 'setBacklight[1, "00f"]'));
  });

  it('coalesces a burst: while a write is in flight only the newest state per LED follows, in whole pairs', async () => {
    const { panel, device, since } = await opened();
    device.holdWrites = true;
    panel.render([{ key: 1, color: 'blue' }]);
    await settle();
    panel.render([{ key: 1, color: 'red' }, { key: 2, color: 'red' }]);
    panel.render([{ key: 1, color: null }]);
    panel.render([{ key: 2, color: 'blue' }]);
    for (let i = 0; i < 10; i++) {
      device.releaseWrites();
      await settle();
    }
    // key 1 blue (in flight), then one batch: key 1 off, key 2 blue; "red" never reaches the panel.
    expect(since()).toEqual([
      pad36('00b5000101'), pad36('00b5200001'),
      pad36('00b5000001'), pad36('00b5200001'),
      pad36('00b5010101'), pad36('00b5210001'),
    ]);
  });

  it('throws naming the key or the field for misuse; renders nothing while closed', async () => {
    const { panel } = await setup();
    expect(() => panel.render([{ key: 25, color: 'red' }])).toThrow(/changes\[0\]\.key must be an integer in 1\.\.24, got 25/);
    expect(() => panel.render([{ key: 1, color: 'red', hwFlash: true }])).toThrow(/changes\[0\]\.hwFlash/);
    expect(() => panel.button(0)).toThrow(/key must be an integer in 1\.\.24, got 0/);
    panel.render([{ key: 1, color: 'red' }]);
  });
});

describe('XkeysPanel: keys from recorded input reports', () => {
  it('every recorded XK-24 press and release reaches its button in order; the program switch is not a key', async () => {
    const { panel, device } = await setup();
    await panel.open();
    const seen: string[] = [];
    for (let k = 1; k <= 24; k++) {
      panel.button(k).on('down', () => seen.push(`${k}+`)).on('up', () => seen.push(`${k}-`));
    }
    for (const ev of XK24.keys) device.input(ev.report);
    const expected = XK24.keys.filter((e) => e.key >= 1).map((e) => `${e.key}${e.down ? '+' : '-'}`);
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(48);
  });

  it('times edges at the source: the panel timestamp mapped onto the host clock', async () => {
    const { panel, device, clock } = await setup();
    await panel.open();
    const times: number[] = [];
    panel.button(1).on('down', (t) => times.push(t)).on('up', (t) => times.push(t));
    const [press, release] = XK24.keys;
    clock.advanceTo(10_000);
    device.input(press!.report);
    clock.advanceTo(13_000); // the release report arrives late
    device.input(release!.report);
    expect(times).toEqual([10_000, 10_000 + (release!.timestamp! - press!.timestamp!)]);
  });

  it('XKE-40 recorded presses map to keys 1, 2, 3', async () => {
    const { panel, device } = await setup({ productId: XKE40.productId });
    await panel.open();
    const seen: number[] = [];
    for (const k of [1, 2, 3]) panel.button(k).on('down', () => seen.push(k));
    for (const ev of XKE40.keys.slice(0, 6)) device.input(ev.report);
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('XkeysPanel: unplug and close', () => {
  it('drops a malformed input report without throwing', async () => {
    const { panel, device } = await setup();
    await panel.open();
    expect(() => device.input('0a00')).not.toThrow();
    expect(panel.health).toBe('ready');
  });

  it('unplugged mid-operation: lost once (DISCONNECTED), writes stop, keys stop, no reopen of its own', async () => {
    const { panel, device, clock, backend } = await setup();
    await panel.open();
    const lost: DeviceError[] = [];
    panel.on('lost', (e) => lost.push(e));
    const downs: number[] = [];
    panel.button(1).on('down', (t) => downs.push(t));
    device.holdWrites = true;
    panel.render([{ key: 1, color: 'blue' }]);
    await settle();
    device.unplug();
    device.releaseWrites();
    device.unplug();
    await settle();
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ code: 'DISCONNECTED', device: 'desk1' });
    expect(panel.health).toBe('lost');
    const written = device.written.length;
    panel.render([{ key: 2, color: 'red' }]);
    device.input(XK24.keys[0]!.report);
    const scans = backend.scans;
    clock.advance(120_000);
    await settle();
    expect(device.written.length).toBe(written);
    expect(downs).toEqual([]);
    expect(backend.scans).toBe(scans);
    expect(device.transports.size).toBe(0);
  });

  it('a failed write is a loss too', async () => {
    const { panel, device } = await setup();
    await panel.open();
    const lost: DeviceError[] = [];
    panel.on('lost', (e) => lost.push(e));
    device.present = false; // writes fail, no read error (yet)
    panel.render([{ key: 1, color: 'blue' }]);
    await settle();
    expect(lost.map((e) => e.code)).toEqual(['DISCONNECTED']);
  });

  it('close() lets queued writes finish (all LEDs off on SIGTERM), is idempotent and emits nothing after', async () => {
    const { panel, device, clock } = await setup();
    await panel.open();
    const engine = new BlinkEngine(clock);
    engine.led(panel, 1).set({ kind: 'steady', color: 'red' });
    const events: string[] = [];
    panel.on('lost', () => events.push('lost')).on('ready', () => events.push('ready'));
    engine.allOff();
    await panel.close();
    await panel.close();
    expect(device.writtenHex().slice(-2)).toEqual(recordedReports(XK24, 'setBacklight[1, "000"]'));
    expect(device.transports.size).toBe(0);
    device.unplug();
    expect(events).toEqual([]);
    expect(panel.health).toBe('closed');
  });

  it('opens again after close once the X-keys reopen guard (300 ms) has passed on the clock', async () => {
    const { panel, device, clock } = await setup();
    await panel.open();
    await panel.close();
    let done = false;
    const p = panel.open().then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    clock.advance(300);
    await p;
    expect(device.opens).toBe(2);
  });
});
