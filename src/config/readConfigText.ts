import { readFile } from 'node:fs/promises';
import { ConfigError } from './ConfigError.js';

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
};

/**
 * Reads a configuration file as text; `what` names it in the message ("the configuration"). A
 * file that cannot be read is a ConfigError like any other bad input, so the caller has one way
 * to report it and no stack trace reaches the installer.
 */
export async function readConfigText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = READ_FAILURES[code] ?? (e as Error).message;
    throw new ConfigError([{ file: path, line: 0, col: 0, key: '', message: `cannot read ${what}: ${reason}`, severity: 'error' }]);
  }
}
