import type { DoctorContext } from './DoctorContext.js';
import type { HidInfo } from './DoctorProbe.js';
import type { Finding } from './Finding.js';
import { hidMatches, hidUsb } from './matchDevice.js';

const check = 'hid';

/** HID devices present (one per device node), and which board panel entry each one is. */
export async function hidCheck(ctx: DoctorContext): Promise<Finding[]> {
  if ('error' in ctx.hid) return [listingFailed(ctx.hid.error)];
  const devices = uniqueByPath(ctx.hid.devices);
  const out: Finding[] = [];
  const claimed = new Set<HidInfo>();
  for (const dev of ctx.board?.devices.filter((d) => d.kind === 'panel') ?? []) {
    const name = `panel ${dev.id} (${dev.compatible})`;
    if (!dev.match || (dev.match.path === undefined && dev.match.usb === undefined)) {
      out.push({ check, level: 'info', message: `${name}: no match rule (simulated): no hardware to find` });
      continue;
    }
    const found = devices.filter((d) => hidMatches(dev, d));
    for (const d of found) claimed.add(d);
    const unit = dev.match.unitId !== undefined ? ` (unit id ${dev.match.unitId} is read when the service opens it)` : '';
    if (found.length > 0) out.push({ check, level: 'ok', message: `${name}: ${found.map(describe).join('; ')}${unit}` });
    else if (dev.optional) out.push({ check, level: 'info', message: `${name}: optional, not present` });
    else out.push({ check, level: 'fail', message: `${name}: not found (match ${JSON.stringify(dev.match)})`, advice: `plug it in, or correct match in ${ctx.board?.file ?? 'the board file'}; \`lsusb\` lists USB ids` });
  }
  for (const d of devices.filter((x) => !claimed.has(x))) {
    out.push({ check, level: 'info', message: `${describe(d)}: ${ctx.board ? `not used by board ${ctx.board.board}` : 'present'}` });
  }
  if (devices.length === 0) out.push({ check, level: 'info', message: 'no HID devices present' });
  return out;
}

function describe(d: HidInfo): string {
  return `${d.path ?? '?'} (${hidUsb(d)}${d.product ? ` ${d.product}` : ''})`;
}

/** node-hid lists a device once per interface and usage; one node is one device here. */
function uniqueByPath(devices: HidInfo[]): HidInfo[] {
  const seen = new Map<string, HidInfo>();
  for (const d of devices) if (!seen.has(d.path ?? hidUsb(d))) seen.set(d.path ?? hidUsb(d), d);
  return [...seen.values()];
}

function listingFailed(error: string): Finding {
  if (/libusb/i.test(error)) {
    return { check, level: 'fail', message: `node-hid cannot load: ${error}`, advice: 'install libusb: apt install libusb-1.0-0 (node-hid needs libusb-1.0.so.0 at run time)' };
  }
  return { check, level: 'warn', message: `cannot list HID devices: ${error}` };
}
