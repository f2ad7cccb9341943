import type { DoctorContext } from './DoctorContext.js';
import type { Finding } from './Finding.js';

const check = 'systemd';
const PROPS = ['LoadState', 'ActiveState', 'SubState', 'Result', 'Type', 'NotifyAccess', 'WatchdogUSec', 'StatusText', 'NRestarts', 'FragmentPath'];

/**
 * The unit as systemd sees it: installed, `Type=notify` with the notify socket in use (a STATUS
 * text means keyline's notifications arrive), watchdog on, running, restarts.
 */
export async function systemdCheck(ctx: DoctorContext): Promise<Finding[]> {
  const r = await ctx.probe.run(['systemctl', 'show', ctx.unit, `--property=${PROPS.join(',')}`]);
  if (r.spawnError) return [{ check, level: 'info', message: 'systemctl not available: not a systemd host (the service runs in the foreground here)' }];
  const why = r.stderr.trim().split('\n')[0] ?? '';
  if (/not been booted with systemd|Failed to connect to bus/.test(r.stderr)) return [{ check, level: 'info', message: `systemd is not running here (${why}): the unit cannot be checked` }];
  if (r.code !== 0) return [{ check, level: 'warn', message: `systemctl show ${ctx.unit} failed: ${why || `exit ${r.code}`}`, advice: 'is systemd the init system here? (systemctl is-system-running)' }];
  const p = new Map(r.stdout.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
  const get = (k: string) => p.get(k) ?? '';
  if (get('LoadState') !== 'loaded') {
    return [{ check, level: 'warn', message: `${ctx.unit} is not installed (${get('LoadState') || 'unknown'})`, advice: 'keyline install-service' }];
  }
  const out: Finding[] = [];
  const path = get('FragmentPath');
  if (get('Type') !== 'notify') {
    out.push({ check, level: 'warn', message: `${ctx.unit} is Type=${get('Type')}: systemd ignores READY/WATCHDOG from keyline`, advice: `reinstall the unit (keyline install-service)${path ? `; installed at ${path}` : ''}` });
  }
  if (!['main', 'all'].includes(get('NotifyAccess'))) {
    out.push({ check, level: 'warn', message: `NotifyAccess=${get('NotifyAccess')}: keyline's notifications are dropped`, advice: 'NotifyAccess=main in the unit (keyline install-service)' });
  }
  const watchdog = get('WatchdogUSec');
  if (watchdog === '' || watchdog === '0' || watchdog === 'infinity') out.push({ check, level: 'warn', message: 'the watchdog is off', advice: 'WatchdogSec=20s in the unit (keyline install-service)' });
  const state = `${get('ActiveState')}/${get('SubState')}`;
  const status = get('StatusText');
  if (get('ActiveState') === 'active') {
    out.push({ check, level: 'ok', message: `${ctx.unit} ${state}${status ? `: "${status}"` : ''}${watchdog && watchdog !== '0' ? `, watchdog ${watchdog}` : ''}` });
    if (!status && get('Type') === 'notify') out.push({ check, level: 'warn', message: 'running, but no STATUS text: notifications do not arrive', advice: 'ExecStart must exec node directly (no sh -c) for NotifyAccess=main' });
  } else if (get('ActiveState') === 'activating') {
    out.push({ check, level: 'warn', message: `${ctx.unit} is still starting (${state})${status ? `: "${status}"` : ''}`, advice: 'READY=1 waits for the required devices; journalctl -u keyline -b shows which' });
  } else {
    out.push({ check, level: get('ActiveState') === 'failed' ? 'fail' : 'info', message: `${ctx.unit} is ${state}${get('Result') && get('Result') !== 'success' ? ` (result ${get('Result')})` : ''}`, advice: 'journalctl -u keyline -b -n 50; systemctl start keyline' });
  }
  const restarts = Number(get('NRestarts'));
  if (restarts > 0) out.push({ check, level: 'warn', message: `${ctx.unit} restarted ${restarts} time(s) since it was started`, advice: 'journalctl -u keyline -b | grep -E "<3>|watchdog" shows why' });
  return out;
}
