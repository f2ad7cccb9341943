import type { SystemStatus } from '../../control/messages.js';
import type { DoctorContext } from './DoctorContext.js';
import type { Finding } from './Finding.js';
import { lineLevelsFindings } from './lineLevelsCheck.js';

const check = 'service';

/** The running service, from `keyline status --json` over its control socket: lines (with their voltage and loop current) and SIP. */
export async function serviceCheck(ctx: DoctorContext): Promise<Finding[]> {
  let status: SystemStatus | null = null;
  let socket = '';
  const denied: string[] = [];
  for (const s of ctx.sockets) {
    const r = await ctx.probe.status(s);
    if ('status' in r) {
      status = r.status;
      socket = s;
      break;
    }
    if (r.error === 'EACCES') denied.push(s);
  }
  if (!status && denied.length > 0) {
    return [{ check, level: 'fail', message: `permission denied on ${denied.join(', ')}: line and SIP checks skipped`, advice: 'the control socket is for root and the keyline group: usermod -aG keyline $USER, then log in again (or run doctor with sudo)' }];
  }
  if (!status) {
    return [{ check, level: 'info', message: `the service does not answer (tried ${ctx.sockets.join(', ')}): line and SIP checks skipped`, advice: 'start it (systemctl start keyline), or give --socket' }];
  }
  const out: Finding[] = [{ check, level: 'ok', message: `the service answers on ${socket}` }];
  const down = status.lines.filter((l) => l.state === 'out-of-service');
  const idle = status.lines.filter((l) => l.state === 'idle').length;
  out.push({ check, level: down.length > 0 ? 'warn' : 'ok', message: `lines: ${idle} idle, ${status.lines.length - idle - down.length} in use, ${down.length} out of service${down.length ? ` (${down.map((l) => l.id).join(', ')})` : ''}`, ...(down.length ? { advice: 'an out-of-service line has no working port: see the serial and permissions checks, and journalctl -u keyline' } : {}) });
  const stuck = status.lines.filter((l) => l.state === 'idle' && l.hook === 'off');
  if (stuck.length > 0) out.push({ check, level: 'fail', message: `idle but off-hook: ${stuck.map((l) => l.id).join(', ')}`, advice: 'the port did not confirm on-hook: restart the service; if it persists, power-cycle the FXO device' });
  out.push(...lineLevelsFindings(status.lines, status.t));
  const sip = status.sip;
  const sipStations = status.stations.filter((s) => s.kind === 'sip');
  if (!sip) {
    out.push({ check, level: 'info', message: sipStations.length ? `${sipStations.length} SIP station(s) but SIP is off in the configuration` : 'SIP is off in the configuration' });
    return out;
  }
  const registered = new Set(sip.registrations.map((r) => r.station));
  const missing = sipStations.filter((s) => !registered.has(s.id)).map((s) => s.id);
  out.push({ check, level: 'ok', message: `SIP listens on ${sip.listen}; ${registered.size} phone(s) registered, ${sip.subscriptions.length} BLF subscription(s)` });
  if (missing.length > 0) out.push({ check, level: 'warn', message: `SIP stations not registered: ${missing.join(', ')}`, advice: 'check the phone\'s server address, user and password against the configuration; keyline sip registrations' });
  if (sip.blocked.length > 0) out.push({ check, level: 'warn', message: `addresses blocked after failed authentication: ${sip.blocked.map((b) => b.address).join(', ')}`, advice: 'a phone with a wrong password: fix it, the block lifts by itself' });
  out.push({ check, level: 'info', message: 'presence (upstream PUBLISH): not reported by the control socket in this version' });
  return out;
}
