import { describe, expect, it } from 'vitest';
import type { DeviceError } from '../../contracts/device.js';
import { BlinkEngine } from '../../blink/BlinkEngine.js';
import { settle } from '../../sim/advanceSettled.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { FakeHidBackend, FakeHidDevice } from '../../../test/fakes/hid/FakeHidDevice.js';
import { genericGolden, genericLayouts } from '../../../test/fakes/hid/fixtures.js';
import { GenericHidPanel } from './GenericHidPanel.js';

async function setup(layout: 'mono16' | 'rgb8') {
  const clock = new SimulatedClock(0);
  const backend = new FakeHidBackend();
  const device = backend.add(new FakeHidDevice({ path: '/dev/hidraw3', vendorId: 0x1209, productId: 0x4b4c, interface: 0 }));
  backend.add(new FakeHidDevice({ path: '/dev/hidraw4', vendorId: 0x1209, productId: 0x0001, interface: 0 }));
  const panel = new GenericHidPanel({ id: 'field1', clock, backend, usb: '1209:4b4c', layout: genericLayouts[layout] });
  await panel.open();
  const engine = new BlinkEngine(clock);
  return { clock, device, panel, engine };
}

describe('GenericHidPanel', () => {
  it('opens the matching device and takes caps from the layout', async () => {
    const { panel, device } = await setup('rgb8');
    expect(panel.caps).toMatchObject({ keys: 8, rows: 2, cols: 4, color: 'rgb', hwBlink: null });
    expect(device.transports.size).toBe(1);
    expect(device.written).toEqual([]);
  });

  it('frame layout: golden bytes for on, off and a software blink at each engine edge', async () => {
    const { panel, device, engine, clock } = await setup('mono16');
    engine.led(panel, 1).set({ kind: 'steady', color: 'green' });
    await settle();
    expect(device.writtenHex()).toEqual(genericGolden.mono16['key1-on']);
    engine.led(panel, 1).set({ kind: 'blink', color: 'green', onMs: 250, offMs: 250 });
    await settle();
    expect(device.writtenHex()).toHaveLength(1); // already lit at phase 0: no write
    clock.advance(250);
    await settle();
    clock.advance(250);
    await settle();
    expect(device.writtenHex(1)).toEqual([...genericGolden.mono16['key1-off']!, ...genericGolden.mono16['key1-on']!]);
  });

  it('frame layout: a burst of changes becomes one frame with the newest state of every key', async () => {
    const { panel, device } = await setup('mono16');
    panel.render([{ key: 1, color: 'red' }, { key: 2, color: 'red' }]);
    panel.render([{ key: 2, color: null }, { key: 9, color: 'white' }]);
    panel.render([{ key: 16, color: 'blue' }]);
    await settle();
    expect(device.writtenHex()).toEqual(genericGolden.mono16['keys1,9,16-on']);
  });

  it('per-key layout: golden bytes per colour', async () => {
    const { panel, device, engine } = await setup('rgb8');
    engine.batch(() => {
      engine.led(panel, 1).set({ kind: 'steady', color: 'green' });
      engine.led(panel, 8).set({ kind: 'steady', color: 'amber' });
    });
    await settle();
    expect(device.writtenHex()).toEqual([...genericGolden.rgb8['key1-green']!, ...genericGolden.rgb8['key8-amber']!]);
    engine.led(panel, 1).set({ kind: 'off' });
    await settle();
    expect(device.writtenHex(2)).toEqual(genericGolden.rgb8['key1-off']);
  });

  it('key edges from successive key reports, timed on arrival', async () => {
    const { panel, device, clock } = await setup('mono16');
    const seen: string[] = [];
    for (const k of [1, 10]) panel.button(k).on('down', (t) => seen.push(`${k}+@${t}`)).on('up', (t) => seen.push(`${k}-@${t}`));
    clock.advance(40);
    device.input(genericGolden.input['mono16-key1-down']!);
    device.input(genericGolden.input['mono16-key1-down']!);
    clock.advance(100);
    device.input(genericGolden.input['mono16-key10-down']!);
    device.input('0300000000'); // another report ID: ignored
    device.input(genericGolden.input['mono16-none']!);
    expect(seen).toEqual(['1+@40', '1-@140', '10+@140', '10-@140']);
  });

  it('unplugged: lost once; no reopen of its own', async () => {
    const { panel, device, clock } = await setup('rgb8');
    const lost: DeviceError[] = [];
    panel.on('lost', (e) => lost.push(e));
    device.unplug();
    device.unplug();
    clock.advance(60_000);
    await settle();
    expect(lost.map((e) => e.code)).toEqual(['DISCONNECTED']);
    expect(device.opens).toBe(1);
    expect(panel.health).toBe('lost');
  });

  it('misuse names the field: a bad layout or USB id at construction', () => {
    const clock = new SimulatedClock();
    const backend = new FakeHidBackend();
    expect(() => new GenericHidPanel({ id: 'p', clock, backend, usb: '1209:4b4c', layout: { ...(genericLayouts.mono16 as object), color: 'purple' } })).toThrow(/opts\.layout\.color must be one of/);
    expect(() => new GenericHidPanel({ id: 'p', clock, backend, usb: '1209', layout: genericLayouts.mono16 })).toThrow(/usb must be lower-case/);
  });
});
