import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../hal/contracts/index.js';
import { createMcuPorts } from '../../hal/drivers/mcu/createMcuPorts.js';
import { createV253Ports } from '../../hal/drivers/v253/createV253Ports.js';
import { createXkeysPanel } from '../../hal/drivers/hid/createHidPanels.js';
import { defaultDrivers, withDrivers } from '../../boards/drivers.js';
import type { DriverRegistry } from '../../boards/drivers.js';
import { FakeMcuBoard } from '../../test/fakes/mcu/FakeMcuBoard.js';
import { FakeV253Modem } from '../../test/fakes/modem/FakeV253Modem.js';
import { MockModemBus } from '../../test/fakes/modem/mockTransport.js';
import { FakeHidBackend } from '../../test/fakes/hid/FakeHidDevice.js';
import type { FakeHidDevice } from '../../test/fakes/hid/FakeHidDevice.js';
import { fakeXkeys } from '../../test/fakes/hid/fakeXkeys.js';

export interface FakeBoardSiteOptions {
  clock: Clock;
  /** Where the board and configuration files are written. */
  dir: string;
  /** Stations in all: one simulated station on the X-keys panel, the rest SIP phones (with `sipPort`) or simulated. */
  stations: number;
  /** The SIP listen port on 127.0.0.1; null: no `sip:` section, every station simulated. */
  sipPort: number | null;
}

/** Lines 1-4 on the DAA board's channels 0-3, lines 5-8 one V.253 modem each. */
export const FAKE_BOARD_LINES = ['line1', 'line2', 'line3', 'line4', 'line5', 'line6', 'line7', 'line8'] as const;

/**
 * An eight-line appliance on the real drivers over fakes (hardware.md §8): a `mcu-si3050` DAA
 * board (FakeMcuBoard, KLB/1 on serialport's mock binding) with lines 1-4, four `v253-modem`
 * modems (FakeV253Modem, mock binding) with lines 5-8, and an `xkeys` XK-24 (fake HID device),
 * bound to station `reception`. The board file and a site configuration are written to `dir`;
 * `drivers` is the registry that puts the fakes under the real drivers.
 */
export class FakeBoardSite {
  readonly boardPath: string;
  readonly configPath: string;
  readonly drivers: DriverRegistry;
  readonly daa: FakeMcuBoard;
  readonly modems = new Map<string, FakeV253Modem>();
  readonly modemBus: MockModemBus;
  readonly hid = new FakeHidBackend();
  readonly panel: FakeHidDevice;
  /** Serial path of each modem line. */
  readonly modemPath = new Map<string, string>();

  constructor(o: FakeBoardSiteOptions) {
    const tag = Math.random().toString(36).slice(2, 8);
    this.daa = new FakeMcuBoard({ clock: o.clock, path: `/dev/fake-daa-${tag}` });
    for (const line of FAKE_BOARD_LINES.slice(4)) {
      const path = `/dev/fake-modem-${tag}-${line}`;
      MockModemBus.createPort(path);
      this.modemPath.set(line, path);
      this.modems.set(path, new FakeV253Modem());
    }
    this.modemBus = new MockModemBus((path) => {
      const fake = this.modems.get(path);
      if (!fake) throw new Error(`no fake modem on ${path}`);
      return fake;
    });
    this.panel = this.hid.add(fakeXkeys({ path: `/dev/hidraw-${tag}`, productId: 1029, unitId: 1 }));
    const daa = this.daa;
    const hid = this.hid;
    const bus = this.modemBus;
    this.drivers = withDrivers(defaultDrivers(), {
      fxo: {
        'mcu-si3050': (spec, ctx) => createMcuPorts(spec, { ...ctx, serial: daa.opener }),
        'v253-modem': (spec, ctx) => createV253Ports(spec, ctx, bus.transport),
      },
      panels: { xkeys: (spec, ctx) => createXkeysPanel(spec, ctx, hid) },
    });

    const board = {
      schema: 1, board: 'fake-daa4-modem4-xk24', description: 'Real drivers on fakes: DAA board, four modems, an XK-24', country: 'us',
      fxo: [
        { id: 'daa', compatible: 'mcu-si3050', match: { path: this.daa.path }, channels: { line1: 0, line2: 1, line3: 2, line4: 3 } },
        ...FAKE_BOARD_LINES.slice(4).map((line) => ({ id: `modem-${line}`, compatible: 'v253-modem', match: { path: this.modemPath.get(line) }, channels: { [line]: 0 } })),
      ],
      panels: [{
        id: 'desk1', compatible: 'xkeys', match: { usb: '05f3:0405', unitId: 1 },
        keys: { ...Object.fromEntries(FAKE_BOARD_LINES.map((line, i) => [String(i + 1), { line }])), 23: { role: 'release' }, 24: { role: 'hold' } },
      }],
      palette: { mine: 'blue', other: 'red' }, blink: { hardwareFlash: null },
    };
    this.boardPath = join(o.dir, 'board.json');
    writeFileSync(this.boardPath, `${JSON.stringify(board, null, 2)}\n`);

    const lines = `[${FAKE_BOARD_LINES.join(', ')}]`;
    const station = (i: number) => (o.sipPort === null ? `  - { id: st${i}, kind: sim, lines: ${lines} }` : `  - { id: st${i}, kind: sip, password: "pw-st${i}-secret", lines: ${lines} }`);
    const yaml = [
      'site: { name: "fake board", domain: fake.keyline.invalid }',
      ...(o.sipPort === null ? [] : ['sip:', `  listen: { address: 127.0.0.1, port: ${o.sipPort}, tcp: false }`]),
      'lines:',
      ...FAKE_BOARD_LINES.map((l) => `  - { id: ${l}, port: ${l}, label: ${l} }`),
      'stations:',
      `  - { id: reception, kind: sim, panel: desk1, lines: ${lines} }`,
      ...Array.from({ length: o.stations - 1 }, (_, i) => station(i + 2)),
      '',
    ].join('\n');
    this.configPath = join(o.dir, 'keyline.yaml');
    writeFileSync(this.configPath, yaml);
  }

  /**
   * A modem's USB cable comes out: reads fail (MockModemBus.unplug) and, as a bus-powered modem
   * loses power, the fake is back in command mode and on-hook when it is opened again.
   */
  unplugModem(line: string): void {
    const fake = this.modem(line);
    this.modemBus.unplug(this.modemPath.get(line) ?? '');
    fake.voice = false;
    fake.hook = 'on';
  }

  /** The fake modem behind a modem line. */
  modem(line: string): FakeV253Modem {
    const fake = this.modems.get(this.modemPath.get(line) ?? '');
    if (!fake) throw new Error(`${line} is not a modem line`);
    return fake;
  }
}
