import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { Clock } from '../../hal/contracts/index.js';
import { FakeMcuBoard } from '../../test/fakes/mcu/FakeMcuBoard.js';
import { FakeV253Modem } from '../../test/fakes/modem/FakeV253Modem.js';
import { startSocatPair } from '../../test/fakes/modem/socatPair.js';
import type { PtyPair } from '../../test/fakes/modem/socatPair.js';

export const PTY_BOARD_LINES = ['line1', 'line2', 'line3', 'line4', 'line5', 'line6', 'line7', 'line8'] as const;

export interface PtyBoardSiteOptions {
  clock: Clock;
  /** Where the board and configuration files are written. */
  dir: string;
  /** Stations in all: `reception` on the panel, the rest SIP phones. */
  stations: number;
  sipPort: number;
}

function openFar(path: string, baudRate: number): Promise<SerialPort> {
  const far = new SerialPort({ path, baudRate, autoOpen: false });
  far.on('error', () => undefined);
  return new Promise((resolve, reject) => far.open((e) => (e ? reject(e) : resolve(far))));
}

/**
 * The eight-line appliance of FakeBoardSite, for a service in another process (hardware.md §8):
 * the fakes answer on the far ends of socat pty pairs, so the service opens real tty devices
 * through serialport's native binding. A `mcu-si3050` DAA board (lines 1-4) and four `v253-modem`
 * modems (lines 5-8). The `xkeys` XK-24 is in the board as an optional device: node-hid finds no
 * such panel on a machine without one (there is no fake HID device outside the process), so its
 * driver and node-hid are loaded and the bus is scanned for it, but its key and LED state is absent.
 */
export class PtyBoardSite {
  readonly boardPath: string;
  readonly configPath: string;
  readonly daa: FakeMcuBoard;
  private readonly pairs: PtyPair[] = [];
  private readonly fars: SerialPort[] = [];

  private constructor(o: PtyBoardSiteOptions, daa: FakeMcuBoard) {
    this.daa = daa;
    this.boardPath = join(o.dir, 'board.json');
    this.configPath = join(o.dir, 'keyline.yaml');
  }

  static async start(o: PtyBoardSiteOptions): Promise<PtyBoardSite> {
    const site = new PtyBoardSite(o, new FakeMcuBoard({ clock: o.clock, path: '/dev/unused-fake-daa' }));
    try {
      await site.wire(o);
    } catch (err) {
      await site.stop();
      throw err;
    }
    return site;
  }

  private async wire(o: PtyBoardSiteOptions): Promise<void> {
    const daaPair = await this.pair();
    const daaFar = await this.far(daaPair.b, 115200);
    const hear = this.daa.connect((bytes) => daaFar.write(Buffer.from(bytes)));
    daaFar.on('data', (b: Buffer) => hear(b));
    const modemPaths: string[] = [];
    for (let i = 0; i < 4; i++) {
      const pair = await this.pair();
      const far = await this.far(pair.b, 57600);
      const modem = new FakeV253Modem();
      far.on('data', (d: Buffer) => modem.receive(d));
      modem.out = (bytes) => {
        if (far.isOpen) far.write(bytes);
      };
      modemPaths.push(pair.a);
    }
    const board = {
      schema: 1, board: 'pty-daa4-modem4-xk24', description: 'Real drivers on pty fakes: DAA board, four modems, an XK-24', country: 'us',
      fxo: [
        { id: 'daa', compatible: 'mcu-si3050', match: { path: daaPair.a }, channels: { line1: 0, line2: 1, line3: 2, line4: 3 } },
        ...PTY_BOARD_LINES.slice(4).map((line, i) => ({ id: `modem-${line}`, compatible: 'v253-modem', match: { path: modemPaths[i] }, channels: { [line]: 0 } })),
      ],
      panels: [{
        id: 'desk1', compatible: 'xkeys', optional: true, match: { usb: '05f3:0405', unitId: 1 },
        keys: { ...Object.fromEntries(PTY_BOARD_LINES.map((line, i) => [String(i + 1), { line }])), 23: { role: 'release' }, 24: { role: 'hold' } },
      }],
      palette: { mine: 'blue', other: 'red' }, blink: { hardwareFlash: null },
    };
    writeFileSync(this.boardPath, `${JSON.stringify(board, null, 2)}\n`);
    const lines = `[${PTY_BOARD_LINES.join(', ')}]`;
    const yaml = [
      'site: { name: "pty board", domain: fake.keyline.invalid }',
      'sip:', `  listen: { address: 127.0.0.1, port: ${o.sipPort}, tcp: false }`,
      'lines:',
      ...PTY_BOARD_LINES.map((l) => `  - { id: ${l}, port: ${l}, label: ${l} }`),
      'stations:',
      `  - { id: reception, kind: sim, panel: desk1, lines: ${lines} }`,
      ...Array.from({ length: o.stations - 1 }, (_, i) => `  - { id: st${i + 2}, kind: sip, password: "pw-st${i + 2}-secret", lines: ${lines} }`),
      '',
    ].join('\n');
    writeFileSync(this.configPath, yaml);
  }

  private async pair(): Promise<PtyPair> {
    const p = await startSocatPair();
    this.pairs.push(p);
    return p;
  }

  private async far(path: string, baudRate: number): Promise<SerialPort> {
    const f = await openFar(path, baudRate);
    this.fars.push(f);
    return f;
  }

  /** Closes the far ends and stops socat (by PID). */
  async stop(): Promise<void> {
    this.daa.disconnect();
    for (const f of this.fars.splice(0)) if (f.isOpen) await new Promise<void>((r) => f.close(() => r()));
    for (const p of this.pairs.splice(0)) await p.stop();
  }
}
