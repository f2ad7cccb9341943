import type { DeviceView } from '../health/DeviceView.js';

/**
 * The one-line `STATUS=` systemd shows in `systemctl status keyline`: lines idle / in use / out of
 * service, SIP phones registered (when SIP is on), and the devices that are not ready.
 */
export function statusSummary(lineStates: Iterable<string>, phones: number | null, devices: readonly DeviceView[]): string {
  let idle = 0;
  let down = 0;
  let total = 0;
  for (const s of lineStates) {
    total++;
    if (s === 'idle') idle++;
    else if (s === 'out-of-service') down++;
  }
  const parts = [`lines ${idle} idle, ${total - idle - down} in use${down > 0 ? `, ${down} out of service` : ''}`];
  if (phones !== null) parts.push(`${phones} phone${phones === 1 ? '' : 's'} registered`);
  const degraded = devices.filter((d) => d.health() !== 'ready').map((d) => `${d.id} ${d.health()}`);
  parts.push(degraded.length === 0 ? 'devices ok' : `degraded: ${degraded.join(', ')}`);
  return parts.join('; ');
}
