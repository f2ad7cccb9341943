import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file is `src/paths.ts`, compiled to `dist/src/paths.js` and bundled into `dist/bundle/main.js` (scripts/bundle.mjs). */
export const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));

export const DEFAULT_BOARD = join(PACKAGE_ROOT, 'boards', 'sim-4line.json');
export const PROFILES_DIR = join(PACKAGE_ROOT, 'boards', 'profiles');

type Env = Readonly<Record<string, string | undefined>>;

/** systemd's ConfigurationDirectory=keyline, else /etc/keyline. */
export function defaultConfigPath(env: Env = process.env): string {
  return join(env.CONFIGURATION_DIRECTORY ?? '/etc/keyline', 'keyline.yaml');
}

/** systemd's StateDirectory=keyline, else the XDG state directory of the user running it. */
export function defaultStateDir(env: Env = process.env): string {
  if (env.STATE_DIRECTORY) return env.STATE_DIRECTORY.split(':')[0] ?? env.STATE_DIRECTORY;
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'keyline');
}

/** This keyline's version, from its package.json (User-Agent, logs). */
export const KEYLINE_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
