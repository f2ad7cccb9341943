import type { Finding } from './Finding.js';
import type { KeyPath } from './keyPath.js';
import type { SiteFile } from './schema.js';

/** Where a path is in the file (`site.yaml:4:9`), so a message can point at the other half of a clash. */
export type Where = (path: KeyPath) => string;

/** Line-level clashes: ids, ports and SCA appearance indexes must each be unique (sla.md §2.4). */
export function lineChecks(file: SiteFile, where: Where): Finding[] {
  const out: Finding[] = [];
  const firstById = new Map<string, number>();
  const firstByPort = new Map<string, number>();
  file.lines.forEach((line, i) => {
    const sameId = firstById.get(line.id);
    if (sameId === undefined) firstById.set(line.id, i);
    else {
      out.push({
        path: ['lines', i, 'id'],
        anchor: 'value',
        severity: 'error',
        message: `line id "${line.id}" is already declared at ${where(['lines', sameId, 'id'])}`,
      });
    }
    const samePort = firstByPort.get(line.port);
    if (samePort === undefined) firstByPort.set(line.port, i);
    else {
      const other = file.lines[samePort]?.id ?? '';
      out.push({
        path: ['lines', i, 'port'],
        anchor: 'value',
        severity: 'error',
        message: `port "${line.port}" already carries line "${other}" (${where(['lines', samePort, 'port'])}): one FXO port is one line`,
      });
    }
  });
  out.push(...appearanceIndexChecks(file, where));
  return out;
}

/**
 * A line's SCA index is its 1-based position unless it sets `appearanceIndex`. A clash is blamed
 * on the explicit value(s): positions are not something the installer wrote as a number.
 */
function appearanceIndexChecks(file: SiteFile, where: Where): Finding[] {
  const byIndex = new Map<number, number[]>();
  file.lines.forEach((line, i) => {
    const index = line.appearanceIndex ?? i + 1;
    byIndex.set(index, [...(byIndex.get(index) ?? []), i]);
  });
  const out: Finding[] = [];
  for (const [index, members] of byIndex) {
    if (members.length < 2) continue;
    const explicit = members.filter((i) => file.lines[i]?.appearanceIndex !== undefined);
    const blamed = explicit.length === members.length ? explicit.slice(1) : explicit;
    for (const i of blamed) {
      const others = members
        .filter((j) => j !== i)
        .map((j) => {
          const line = file.lines[j];
          const how = line?.appearanceIndex === undefined ? 'by its position in lines' : `at ${where(['lines', j, 'appearanceIndex'])}`;
          return `line "${line?.id ?? ''}" (${how})`;
        });
      out.push({
        path: ['lines', i, 'appearanceIndex'],
        anchor: 'value',
        severity: 'error',
        message: `appearanceIndex ${index} is also used by ${others.join(' and ')}: each line needs its own index`,
      });
    }
  }
  return out;
}
