import { readFile } from 'node:fs/promises';
import { ConfigError } from './ConfigError.js';
import type { LoadedConfig, LoadOptions } from './LoadedConfig.js';
import { parseConfig } from './parseConfig.js';

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
};

/**
 * Reads and validates the site configuration. A file that cannot be read is a ConfigError like
 * any other bad input, so the caller has one way to report it and no stack trace reaches the
 * installer.
 */
export async function loadConfigFile(path: string, opts: LoadOptions = {}): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = READ_FAILURES[code] ?? (e as Error).message;
    throw new ConfigError([{ file: path, line: 0, col: 0, key: '', message: `cannot read the configuration: ${reason}`, severity: 'error' }]);
  }
  return parseConfig(text, path, opts);
}
