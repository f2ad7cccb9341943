import { readFileSync } from 'node:fs';

/** How `systemd/keyline.service` starts node: the flags before the script and the environment it sets. */
export interface UnitCommand {
  /** Arguments between the node binary and `.../bin/keyline.js` in `ExecStart=`. */
  nodeFlags: string[];
  /** `Environment=` assignments (NODE_OPTIONS and the like), in order. */
  env: Record<string, string>;
  /** `WatchdogSec=` in microseconds (systemd passes it as WATCHDOG_USEC), or null. */
  watchdogUsec: number | null;
}

/**
 * Reads the unit's `ExecStart=` and `Environment=` lines so the benchmark runs node exactly as
 * systemd does. Throws when the unit has no `ExecStart=` running `bin/keyline.js`.
 */
export function readUnitCommand(unitPath: string): UnitCommand {
  const lines = readFileSync(unitPath, 'utf8').split('\n').map((l) => l.trim());
  const exec = lines.find((l) => l.startsWith('ExecStart='));
  if (exec === undefined) throw new Error(`${unitPath}: no ExecStart=`);
  const words = exec.slice('ExecStart='.length).split(/\s+/).filter((w) => w !== '');
  const script = words.findIndex((w) => w.endsWith('/bin/keyline.js'));
  if (script < 1) throw new Error(`${unitPath}: ExecStart= does not run bin/keyline.js: ${exec}`);
  const env: Record<string, string> = {};
  for (const l of lines.filter((x) => x.startsWith('Environment='))) {
    // Environment=NAME=value or Environment="NAME=value with spaces"
    for (const m of l.slice('Environment='.length).matchAll(/"([^"]*)"|(\S+)/g)) {
      const kv = m[1] ?? m[2] ?? '';
      const eq = kv.indexOf('=');
      if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  }
  const wd = lines.find((l) => l.startsWith('WatchdogSec='))?.slice('WatchdogSec='.length) ?? '';
  const wdm = /^(\d+)(s|ms|min)?$/.exec(wd);
  const scale = { s: 1e6, ms: 1e3, min: 60e6 } as const;
  const watchdogUsec = wdm ? Number(wdm[1]) * scale[(wdm[2] ?? 's') as keyof typeof scale] : null;
  return { nodeFlags: words.slice(1, script), env, watchdogUsec };
}
