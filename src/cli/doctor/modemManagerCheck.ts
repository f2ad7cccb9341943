import type { DoctorContext } from './DoctorContext.js';
import { deviceNodes } from './deviceNodes.js';
import type { Finding } from './Finding.js';

const check = 'modemmanager';

/**
 * ModemManager probes every new serial modem with AT commands and may keep it open: a voice modem
 * or the DAA board then fails to open or sees garbage. Best effort: `systemctl is-active` and
 * `fuser` on each serial node the service will use.
 */
export async function modemManagerCheck(ctx: DoctorContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const active = await ctx.probe.run(['systemctl', 'is-active', 'ModemManager']);
  const state = active.stdout.trim();
  if (active.spawnError) out.push({ check, level: 'info', message: 'systemctl not available: cannot tell whether ModemManager runs' });
  else if (state === 'active') {
    out.push({
      check, level: 'warn', message: 'ModemManager is running: it probes serial modems and can hold their ports',
      advice: 'install the udev rules (ENV{ID_MM_DEVICE_IGNORE}="1" on keyline\'s devices) with keyline install-service, or: systemctl disable --now ModemManager',
    });
  } else if (state === '') {
    out.push({ check, level: 'info', message: `cannot tell whether ModemManager runs: ${firstLine(active.stderr) || `systemctl exit ${active.code}`}` });
  } else out.push({ check, level: 'ok', message: `ModemManager is not running (${state})` });

  const serial = deviceNodes(ctx).filter((n) => n.kind === 'serial');
  for (const n of serial) {
    const node = await ctx.probe.node(n.path);
    if (!node) continue;
    const r = await ctx.probe.run(['fuser', node.realPath]);
    if (r.spawnError) {
      out.push({ check, level: 'info', message: 'fuser not installed (apt install psmisc): cannot tell who holds the serial ports' });
      break;
    }
    for (const pid of r.stdout.match(/\d+/g) ?? []) {
      const comm = (await ctx.probe.readFile(`/proc/${pid}/comm`))?.trim() ?? '?';
      if (/ModemManager/i.test(comm)) {
        out.push({ check, level: 'fail', message: `${n.label}: ${node.realPath} is held by ModemManager (pid ${pid})`, advice: 'install the udev rules (ID_MM_DEVICE_IGNORE) and replug, or: systemctl disable --now ModemManager' });
      } else if (comm === 'node') {
        out.push({ check, level: 'info', message: `${n.label}: ${node.realPath} is open in node (pid ${pid}): the keyline service, if it runs` });
      } else {
        out.push({ check, level: 'warn', message: `${n.label}: ${node.realPath} is held by ${comm} (pid ${pid})`, advice: `stop ${comm}: two programs on one serial port garble each other` });
      }
    }
  }
  return out;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
