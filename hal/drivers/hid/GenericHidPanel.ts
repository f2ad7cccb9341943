import type { Clock } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import type { KeyPanelCaps, LedColor } from '../../contracts/panel.js';
import { checkHidLayout } from '../../codecs/hid/checkHidLayout.js';
import { decodeKeyReport } from '../../codecs/hid/decodeKeyReport.js';
import { diffKeys } from '../../codecs/hid/diffKeys.js';
import { encodeLedReports } from '../../codecs/hid/encodeLedReports.js';
import type { HidPanelLayout } from '../../codecs/hid/HidPanelLayout.js';
import { HidKeyPanel } from './HidKeyPanel.js';
import type { HidLink, HidLinkEvents } from './HidKeyPanel.js';
import { HidReportQueue } from './HidReportQueue.js';
import type { HidBackend } from './HidTransport.js';
import { matchHidDevices } from './matchHidDevices.js';

export interface GenericHidPanelOptions {
  id: string;
  clock: Clock;
  backend: HidBackend;
  /** The board's `match.usb`. */
  usb: string;
  /** Only this USB interface, where the panel has several. */
  interface?: number;
  /** The model's report layout (validated here; misuse names the field). */
  layout: unknown;
}

/**
 * A HID LED key panel whose reports a layout describes as data (`HidPanelLayout`): key bitmaps
 * in, LED frames or per-key reports out, encoded by the pure codecs in `hal/codecs/hid`. The
 * first enumerated match is used (no unit ID). Key edges are the difference between successive
 * key reports, timed on arrival. Life cycle, write queue and `lost`: `HidKeyPanel`.
 */
export class GenericHidPanel extends HidKeyPanel {
  readonly layout: HidPanelLayout;
  private readonly backend: HidBackend;
  private readonly usb: string;
  private readonly iface: number | undefined;

  constructor(o: GenericHidPanelOptions) {
    if (!o?.backend || typeof o.backend.enumerate !== 'function') throw new TypeError('opts.backend must be a HidBackend');
    const layout = checkHidLayout(o.layout, 'opts.layout');
    const caps: KeyPanelCaps = {
      keys: layout.rows * layout.cols,
      rows: layout.rows,
      cols: layout.cols,
      color: layout.color,
      hwBlink: null,
      // A frame carries every key: each report can change them all; per-key reports one each.
      maxEdgesPerSecond: layout.output.mode === 'frame' ? layout.reportsPerSecond * layout.rows * layout.cols : layout.reportsPerSecond,
    };
    super({ id: o.id, clock: o.clock, caps });
    this.layout = layout;
    this.backend = o.backend;
    this.usb = o.usb;
    this.iface = o.interface;
    matchHidDevices({ usb: o.usb }, []); // checks the id now, naming `usb`
  }

  protected async connect(events: HidLinkEvents): Promise<HidLink> {
    const match = this.iface === undefined ? { usb: this.usb } : { usb: this.usb, interface: this.iface };
    const [info] = matchHidDevices(match, await this.backend.enumerate());
    if (!info) throw new DeviceError('NOT_FOUND', `${this.id}: no ${this.layout.model} (${this.usb}) present`, this.id);
    const transport = this.backend.transport(info.path);
    await transport.open();
    const queue = new HidReportQueue(transport, (err) => events.lost(err));
    const state: Array<LedColor | null> = Array.from({ length: this.caps.keys }, () => null);
    let keys: boolean[] = [];
    transport.on('error', (err) => events.lost(err));
    transport.on('data', (report) => {
      const next = decodeKeyReport(this.layout, report);
      if (!next) return;
      const t = this.clock.now();
      for (const edge of diffKeys(keys, next)) events.key(edge.key, edge.down, t);
      keys = next;
    });
    return {
      writeLeds: async (batch) => {
        for (const [key, color] of batch) state[key - 1] = color;
        for (const report of encodeLedReports(this.layout, state, batch.keys())) queue.write(report);
        await queue.flush();
      },
      close: async () => {
        queue.stop();
        await transport.close();
      },
    };
  }
}
