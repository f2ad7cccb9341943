/**
 * journald-friendly logging (hardware.md §9.4): one line per event on stdout, no timestamp
 * (journald adds it), prefixed with the syslog priority so journald files it at that level;
 * a component, then stable key=value pairs. Values with spaces or quotes are quoted.
 */
export type LogLevel = 'error' | 'warning' | 'notice' | 'info' | 'debug';

const PRIORITY: Record<LogLevel, number> = { error: 3, warning: 4, notice: 5, info: 6, debug: 7 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, component: string, fields: LogFields): void;
}

export function formatValue(v: string | number | boolean | null): string {
  const s = String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

export function formatLine(level: LogLevel, component: string, fields: LogFields): string {
  const pairs = Object.entries(fields)
    .filter((e): e is [string, string | number | boolean | null] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  return `<${PRIORITY[level]}>${[component, ...pairs].join(' ')}`;
}

export function isLogLevel(s: string): s is LogLevel {
  return Object.hasOwn(PRIORITY, s);
}

/** Writes lines at or above `threshold` to `write` (stdout by default). */
export function createLogger(threshold: LogLevel = 'info', write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Logger {
  const max = PRIORITY[threshold];
  return {
    log(level, component, fields) {
      if (PRIORITY[level] <= max) write(formatLine(level, component, fields));
    },
  };
}
