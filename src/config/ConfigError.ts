import type { ConfigIssue } from './ConfigIssue.js';
import { formatIssues } from './formatIssues.js';

/**
 * A configuration file was rejected. This is an expected runtime condition (STYLE.md 6), not a
 * bug: callers print `message` (every issue, one per line) and never a stack trace.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG' as const;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error').length;
    const file = issues[0]?.file ?? 'configuration';
    super(`${file}: rejected, ${errors} error${errors === 1 ? '' : 's'}\n${formatIssues(issues)}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
