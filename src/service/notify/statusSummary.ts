import type { SystemStatus } from '../../core/status.js';
import type { DeviceView } from '../health/DeviceView.js';

/**
 * The one-line `STATUS=` systemd shows in `systemctl status keyline`: lines idle / in use / out of
 * service, SIP phones registered, and the devices that are not ready.
 */
export function statusSummary(status: SystemStatus, devices: readonly DeviceView[]): string {
  let idle = 0;
  let down = 0;
  for (const l of status.lines) {
    if (l.state === 'idle') idle++;
    else if (l.state === 'out-of-service') down++;
  }
  const busy = status.lines.length - idle - down;
  const parts = [`lines ${idle} idle, ${busy} in use${down > 0 ? `, ${down} out of service` : ''}`];
  if (status.sip) {
    const phones = new Set(status.sip.registrations.map((r) => r.station)).size;
    parts.push(`${phones} phone${phones === 1 ? '' : 's'} registered`);
  }
  const degraded = devices.filter((d) => d.health() !== 'ready').map((d) => `${d.id} ${d.health()}`);
  parts.push(degraded.length === 0 ? 'devices ok' : `degraded: ${degraded.join(', ')}`);
  return parts.join('; ');
}
