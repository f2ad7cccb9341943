import type { Finding } from './Finding.js';

const MARK: Record<Finding['level'], string> = { ok: 'ok  ', info: 'info', warn: 'WARN', fail: 'FAIL' };

/** The findings as text: one line each, grouped by check, advice indented below a problem. */
export function formatFindings(findings: readonly Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${MARK[f.level]} ${f.check.padEnd(12)} ${f.message}`);
    if (f.advice) lines.push(`${' '.repeat(18)}→ ${f.advice}`);
  }
  const count = (l: Finding['level']) => findings.filter((f) => f.level === l).length;
  lines.push('', `${count('fail')} problem(s), ${count('warn')} warning(s)`);
  return `${lines.join('\n')}\n`;
}
