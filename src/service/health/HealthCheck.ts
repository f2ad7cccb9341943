/**
 * What the systemd watchdog asks before each `WATCHDOG=1` (hardware.md §9.2): is the service
 * well enough to be left running? A failed check withholds the ping, so systemd restarts the
 * service after `WatchdogSec`.
 *
 * - `check()` MUST return at once, MUST NOT throw and MUST NOT do I/O: it reads state the
 *   service keeps up to date.
 * - `problems` MUST be empty when `ok`, and name each failing part otherwise (for the log).
 */
export interface HealthReport {
  ok: boolean;
  problems: string[];
}

export interface HealthCheck {
  check(): HealthReport;
}
