import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createV253Ports } from './createV253Ports.js';
import { V253ModemPort } from './V253ModemPort.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { RawFxoPort } from '../../sim/RawFxoPort.js';
import { SimKeyPanel } from '../../sim/SimKeyPanel.js';
import type { FxoPort } from '../../contracts/fxo.js';
import { createBoard, resolveProfile } from '../../../boards/factory.js';
import { defaultDrivers, withDrivers } from '../../../boards/drivers.js';
import type { BoardFile } from '../../../boards/types.js';
import { FakeV253Modem } from '../../../test/fakes/modem/FakeV253Modem.js';
import { MockModemBus } from '../../../test/fakes/modem/mockTransport.js';

const BOARDS = new URL('../../../boards/', import.meta.url).pathname;
const board = (name: string): BoardFile => JSON.parse(readFileSync(`${BOARDS}${name}.json`, 'utf8')) as BoardFile;
afterAll(() => MockModemBus.reset());

describe('boards: compatible "v253-modem"', () => {
  it('kl-daa4-xk24: line5 is a V253ModemPort on its by-id path, absent here, so open is NOT_FOUND', async () => {
    const clock = new SimulatedClock();
    const drivers = withDrivers(defaultDrivers(), {
      fxo: { 'mcu-si3050': (spec) => new Map<string, FxoPort>(Object.keys(spec.channels).map((l) => [l, new RawFxoPort(l, () => clock.now())])) },
      panels: { xkeys: (spec, ctx) => new SimKeyPanel({ id: spec.id, clock: ctx.clock, rows: 8, cols: 3, color: 'blueRed' }) },
    });
    const b = board('kl-daa4-xk24');
    const built = createBoard(b, { clock, profile: resolveProfile(b, `${BOARDS}profiles`), drivers });
    const line5 = built.fxo.get('line5');
    expect(line5).toBeInstanceOf(V253ModemPort);
    expect(line5?.id).toBe('modem5:0');
    expect((line5 as V253ModemPort).modem.name).toBe('usr5637');
    await expect(line5?.open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a board entry naming a serial path builds a port that opens on it, with the country flash length', async () => {
    MockModemBus.createPort('/dev/mock-board-modem');
    const fake = new FakeV253Modem();
    const bus = new MockModemBus(() => fake);
    const clock = new SimulatedClock();
    const ports = createV253Ports({ id: 'm1', match: { path: '/dev/mock-board-modem' }, options: { baudRate: 115200 }, channels: { line7: 0 } }, { clock, profile: { flashMs: 100 } }, bus.transport);
    const port = ports.get('line7');
    await port?.open();
    expect(port?.health).toBe('ready');
    await port?.offHook();
    await port?.flash();
    expect(fake.flashes).toEqual([10]);
    await port?.close();
  });

  it('misuse throws naming the key', () => {
    const ctx = { clock: new SimulatedClock(), profile: { flashMs: 600 } };
    const spec = { id: 'm', match: { path: '/dev/ttyACM0' }, channels: { l: 0 } };
    expect(() => createV253Ports({ ...spec, channels: { a: 0, b: 1 } }, ctx)).toThrow(/fxo\[m\]\.channels/);
    expect(() => createV253Ports({ ...spec, match: { usb: '0baf:0303' } }, ctx)).toThrow(/fxo\[m\]\.match\.path/);
    expect(() => createV253Ports({ ...spec, options: { modemProfile: 'x' } }, ctx)).toThrow(/fxo\[m\]\.options\.modemProfile/);
    expect(() => createV253Ports({ ...spec, options: { speed: 1 } }, ctx)).toThrow(/fxo\[m\]\.options\.speed/);
    expect(() => createV253Ports({ ...spec, options: { baudRate: 12.5 } }, ctx)).toThrow(/fxo\[m\]\.options\.baudRate/);
  });
});
