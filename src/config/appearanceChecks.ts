import type { Finding } from './Finding.js';
import type { KeyPath } from './keyPath.js';
import { nearest } from './editDistance.js';
import { formatSeconds } from './formatSeconds.js';
import type { Where } from './lineChecks.js';
import type { SiteFile } from './schema.js';

/** The path of an appearance's line reference: the entry itself, or its `line` key. */
function linePath(s: number, a: number, entry: string | object): KeyPath {
  return typeof entry === 'string' ? ['stations', s, 'lines', a] : ['stations', s, 'lines', a, 'line'];
}

/**
 * Appearances must name declared lines, once per station, and leave a ring window that can open
 * (sla.md §2.4, §4.2). A line nobody can reach is worth a warning, not a refusal: it may be wired
 * before its stations are configured.
 */
export function appearanceChecks(file: SiteFile, where: Where): Finding[] {
  const out: Finding[] = [];
  const lines = new Map(file.lines.map((line, i) => [line.id, i] as const));
  const reached = new Set<string>();
  const remote = new Set((file.remoteLines ?? []).map((r) => r.id));

  file.stations.forEach((station, s) => {
    const seen = new Map<string, number>();
    station.lines.forEach((entry, a) => {
      const own = typeof entry === 'string' ? { line: entry } : entry;
      const refPath = linePath(s, a, entry);
      const lineIndex = lines.get(own.line);
      if (lineIndex === undefined && remote.has(own.line)) {
        out.push({
          path: refPath,
          anchor: 'value',
          severity: 'error',
          message: `"${own.line}" is a remote line: it cannot ring, be seized or held here, so it is not a station appearance; show it on a panel key (its \`keys:\` in remoteLines) or a phone BLF key to sip:${own.line}@<this site's domain>`,
        });
        return;
      }
      if (lineIndex === undefined) {
        const hint = nearest(own.line, lines.keys());
        out.push({
          path: refPath,
          anchor: 'value',
          severity: 'error',
          message: `line "${own.line}" is not declared${hint === undefined ? '' : `: did you mean "${hint}"?`}`,
        });
        return;
      }
      reached.add(own.line);
      const first = seen.get(own.line);
      if (first !== undefined) {
        out.push({
          path: refPath,
          anchor: 'value',
          severity: 'error',
          message: `line "${own.line}" is already on this station's list (${where(linePath(s, first, station.lines[first] ?? ''))}): a station has one key per line`,
        });
        return;
      }
      seen.set(own.line, a);
      if (own.ring === false) return; // lamp only: no ring window to check

      const [delay, delayFrom] =
        own.ringDelay !== undefined ? [own.ringDelay, 'its own ringDelay']
        : station.ringDelay !== undefined ? [station.ringDelay, "the station's ringDelay"]
        : [file.defaults?.station?.ringDelay ?? 0, 'defaults.station.ringDelay'];
      const entryPath: KeyPath = ['stations', s, 'lines', a];
      if (own.ringTimeout !== undefined && own.ringTimeout > 0 && own.ringTimeout <= delay) {
        out.push({
          path: [...entryPath, 'ringTimeout'],
          anchor: 'value',
          severity: 'error',
          message:
            `ringTimeout ${formatSeconds(own.ringTimeout)} is not above the ring delay ${formatSeconds(delay)} (${delayFrom}): ` +
            `the ring window is empty, so station "${station.id}" would never ring for line "${own.line}"; ` +
            'raise ringTimeout, or use ring: false for a lamp-only key',
        });
        return;
      }
      const line = file.lines[lineIndex];
      const lineTimeout = line?.ringTimeout ?? file.defaults?.line?.ringTimeout ?? 0;
      if (lineTimeout > 0 && delay >= lineTimeout) {
        out.push({
          path: entryPath,
          anchor: 'value',
          severity: 'warning',
          message:
            `station "${station.id}" never rings for line "${own.line}": the line's ringTimeout ${formatSeconds(lineTimeout)} ` +
            `stops all ringing before the ring delay ${formatSeconds(delay)} (${delayFrom}) ends`,
        });
      }
    });
  });

  file.lines.forEach((line, i) => {
    if (reached.has(line.id)) return;
    out.push({
      path: ['lines', i],
      anchor: 'value',
      severity: 'warning',
      message: `line "${line.id}" has no appearance at any station: nobody can answer or seize it`,
    });
  });
  return out;
}
