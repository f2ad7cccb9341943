import type { Finding } from './Finding.js';
import type { LoadOptions } from './LoadedConfig.js';
import type { Where } from './lineChecks.js';
import type { SiteFile } from './schema.js';

function list(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : ids.join(', ');
}

/**
 * References into the board file. Ports and panels are only checked against the board when the
 * caller knows it; a panel bound to two stations is wrong on any board.
 */
export function boardChecks(file: SiteFile, opts: LoadOptions, where: Where): Finding[] {
  const out: Finding[] = [];
  const { ports, panels } = opts;
  if (ports) {
    file.lines.forEach((line, i) => {
      if (ports.includes(line.port)) return;
      out.push({
        path: ['lines', i, 'port'],
        anchor: 'value',
        severity: 'error',
        message: `port "${line.port}" is not on this board; its FXO ports are: ${list(ports)}`,
      });
    });
  }
  const boundTo = new Map<string, number>();
  file.stations.forEach((station, s) => {
    if (station.panel === undefined) return;
    if (panels && !panels.includes(station.panel)) {
      out.push({
        path: ['stations', s, 'panel'],
        anchor: 'value',
        severity: 'error',
        message: `panel "${station.panel}" is not on this board; its key panels are: ${list(panels)}`,
      });
      return;
    }
    const first = boundTo.get(station.panel);
    if (first === undefined) {
      boundTo.set(station.panel, s);
      return;
    }
    out.push({
      path: ['stations', s, 'panel'],
      anchor: 'value',
      severity: 'error',
      message: `panel "${station.panel}" is already bound to station "${file.stations[first]?.id ?? ''}" (${where(['stations', first, 'panel'])}): a panel serves one station`,
    });
  });
  return out;
}
