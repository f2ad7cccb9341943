import type { DoctorContext } from './DoctorContext.js';
import type { Finding } from './Finding.js';
import { serialMatches, serialPaths, serialUsb } from './matchDevice.js';

const check = 'serial';

/** Serial ports present, and which board FXO entry each one is (hardware.md §6 `match`). */
export async function serialCheck(ctx: DoctorContext): Promise<Finding[]> {
  if ('error' in ctx.serial) return [listingFailed(ctx.serial.error)];
  const { ports } = ctx.serial;
  const out: Finding[] = [];
  const claimed = new Set<string>();
  for (const dev of ctx.board?.devices.filter((d) => d.kind === 'fxo') ?? []) {
    const name = `fxo ${dev.id} (${dev.compatible})`;
    if (!dev.match || (dev.match.path === undefined && dev.match.usb === undefined)) {
      out.push({ check, level: 'info', message: `${name}: no match rule (simulated or built in): no hardware to find` });
      continue;
    }
    const found = ports.filter((p) => serialMatches(dev, p));
    for (const p of found) claimed.add(p.path);
    if (found.length > 0) {
      out.push({ check, level: found.length > 1 ? 'warn' : 'ok', message: `${name}: ${found.map((p) => serialPaths(p).join(' = ')).join('; ')}`, ...(found.length > 1 ? { advice: 'more than one port matches: make match.path name one port (/dev/serial/by-id/...)' } : {}) });
    } else if (dev.optional) {
      out.push({ check, level: 'info', message: `${name}: optional, not present (its lines stay out of service)` });
    } else {
      out.push({ check, level: 'fail', message: `${name}: not found (match ${JSON.stringify(dev.match)})`, advice: `plug it in, or correct match in ${ctx.board?.file ?? 'the board file'}; \`ls -l /dev/serial/by-id\` lists the ports present` });
    }
  }
  for (const p of ports.filter((x) => !claimed.has(x.path))) {
    const what = [serialUsb(p), p.manufacturer].filter(Boolean).join(' ');
    out.push({ check, level: 'info', message: `${serialPaths(p).join(' = ')}${what ? ` (${what})` : ''}: ${ctx.board ? `not used by board ${ctx.board.board}` : 'present'}` });
  }
  if (ports.length === 0) out.push({ check, level: 'info', message: 'no serial ports present' });
  return out;
}

function listingFailed(error: string): Finding {
  if (/spawn udevadm ENOENT/.test(error)) {
    return {
      check, level: 'warn', message: 'cannot list serial ports: serialport runs udevadm, which is not installed here (no udev: a container?)',
      advice: 'install udev (apt install udev) or run keyline doctor on the appliance itself; `ls -l /dev/serial/by-id` shows the ports meanwhile',
    };
  }
  return { check, level: 'warn', message: `cannot list serial ports: ${error}`, advice: '`ls -l /dev/serial/by-id` shows the ports' };
}
