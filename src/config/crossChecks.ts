import { DEFAULT_GENERAL_OPTIONS } from '../core/options.js';
import type { Finding } from './Finding.js';
import type { LoadOptions } from './LoadedConfig.js';
import { appearanceChecks } from './appearanceChecks.js';
import { boardChecks } from './boardChecks.js';
import { formatSeconds } from './formatSeconds.js';
import type { Where } from './lineChecks.js';
import { lineChecks } from './lineChecks.js';
import type { SiteFile } from './schema.js';
import { mediaChecks } from './mediaChecks.js';
import { presenceChecks } from './presenceChecks.js';
import { remoteLineChecks } from './remoteLineChecks.js';
import { sipChecks } from './sipChecks.js';

function generalChecks(file: SiteFile): Finding[] {
  const min = file.general?.alertRetryMin ?? DEFAULT_GENERAL_OPTIONS.alertRetryMin;
  const max = file.general?.alertRetryMax ?? DEFAULT_GENERAL_OPTIONS.alertRetryMax;
  if (min <= max) return [];
  // Blame the value the installer wrote; if both are written, the minimum is the one out of range.
  const key = file.general?.alertRetryMin !== undefined ? 'alertRetryMin' : 'alertRetryMax';
  return [{
    path: ['general', key],
    anchor: 'value',
    severity: 'error',
    message: `alertRetryMin (${formatSeconds(min)}) is above alertRetryMax (${formatSeconds(max)}): retries would never back off`,
  }];
}

function stationIdChecks(file: SiteFile, where: Where): Finding[] {
  const first = new Map<string, number>();
  const out: Finding[] = [];
  file.stations.forEach((station, s) => {
    const earlier = first.get(station.id);
    if (earlier === undefined) first.set(station.id, s);
    else {
      out.push({
        path: ['stations', s, 'id'],
        anchor: 'value',
        severity: 'error',
        message: `station id "${station.id}" is already declared at ${where(['stations', earlier, 'id'])}`,
      });
    }
  });
  return out;
}

/**
 * Checks that need the whole file: run only on a file whose shape is valid, so one typo does not
 * cascade into "undeclared line" errors for everything that refers to it.
 */
export function crossChecks(file: SiteFile, opts: LoadOptions, where: Where): Finding[] {
  return [
    ...generalChecks(file),
    ...lineChecks(file, where),
    ...stationIdChecks(file, where),
    ...appearanceChecks(file, where), ...boardChecks(file, opts, where),
    ...sipChecks(file, where),
    ...mediaChecks(file),
    ...presenceChecks(file),
    ...remoteLineChecks(file, where, opts),
  ];
}
