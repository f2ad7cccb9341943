import type { ConfigIssue } from './ConfigIssue.js';

/**
 * One line per issue, compiler style, so editors and `grep` can jump to it:
 * `site.yaml:12:7: stations[1].lines[0]: line "line9" is not declared`.
 * Warnings say so after the position; errors carry no tag, as in the examples installers see.
 */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  const tag = issue.severity === 'warning' ? ' warning:' : '';
  const key = issue.key === '' ? '' : ` ${issue.key}:`;
  return `${where}:${tag}${key} ${issue.message}`;
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map(formatIssue).join('\n');
}
