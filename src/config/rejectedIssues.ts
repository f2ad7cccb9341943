import { ConfigError } from './ConfigError.js';
import { formatIssue } from './formatIssues.js';

/**
 * Every issue of a file that `parse` rejects, formatted as the installer sees them
 * (file:line:col: key: message); throws if the file was accepted. For the config tests.
 */
export function rejectedIssues(parse: () => unknown, what = 'configuration'): string[] {
  try {
    parse();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(formatIssue);
    throw e;
  }
  throw new Error(`expected the ${what} to be rejected`);
}
