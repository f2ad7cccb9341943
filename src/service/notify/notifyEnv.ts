import type { Millis } from '../../../hal/contracts/index.js';

export interface NotifyEnv {
  /** `$NOTIFY_SOCKET`, or null when not started by systemd with `Type=notify`. */
  socket: string | null;
  /** `$WATCHDOG_USEC` in ms, when the watchdog is on and meant for this process. */
  watchdogMs: Millis | null;
}

/**
 * Reads what systemd passes a notify service (sd_notify(3), sd_watchdog_enabled(3)): the socket,
 * and the watchdog period unless `$WATCHDOG_PID` names another process. Bad values count as unset.
 */
export function notifyEnv(env: Readonly<Record<string, string | undefined>>, pid: number): NotifyEnv {
  const socket = env['NOTIFY_SOCKET'] ? env['NOTIFY_SOCKET'] : null;
  const usec = Number(env['WATCHDOG_USEC']);
  const forPid = env['WATCHDOG_PID'];
  const mine = forPid === undefined || forPid === '' || Number(forPid) === pid;
  const watchdogMs = socket !== null && mine && Number.isInteger(usec) && usec > 0 ? usec / 1000 : null;
  return { socket, watchdogMs };
}
