import type { Finding } from './Finding.js';
import { formatSeconds } from './formatSeconds.js';
import type { SiteFile } from './schema.js';
import { secondsToMs } from './schemaPrimitives.js';

export const DEFAULT_MIN_EXPIRES_MS = secondsToMs(60);
export const DEFAULT_MAX_EXPIRES_MS = secondsToMs(3600);
export const DEFAULT_DEFAULT_EXPIRES_MS = secondsToMs(3600);

/** The expiry bounds with built-ins applied; an unwritten default falls inside the written bounds. */
export function registrationBounds(file: SiteFile): { min: number; max: number; dflt: number } {
  const r = file.sip?.registration;
  const min = r?.minExpires ?? DEFAULT_MIN_EXPIRES_MS;
  const max = r?.maxExpires ?? Math.max(DEFAULT_MAX_EXPIRES_MS, min);
  const dflt = r?.defaultExpires ?? Math.min(Math.max(DEFAULT_DEFAULT_EXPIRES_MS, min), max);
  return { min, max, dflt };
}

/** minExpires ≤ defaultExpires ≤ maxExpires, blamed on a value the installer wrote. */
export function registrationChecks(file: SiteFile): Finding[] {
  const r = file.sip?.registration;
  if (r === undefined) return [];
  const { min, max, dflt } = registrationBounds(file);
  const at = (key: 'minExpires' | 'maxExpires' | 'defaultExpires', message: string): Finding[] => [
    { path: ['sip', 'registration', key], anchor: 'value', severity: 'error', message },
  ];
  if (min > max) {
    return at(r.minExpires !== undefined ? 'minExpires' : 'maxExpires', `minExpires (${formatSeconds(min)}) is above maxExpires (${formatSeconds(max)}): no interval could be granted`);
  }
  if (dflt < min) {
    return at('defaultExpires', `defaultExpires (${formatSeconds(dflt)}) is below minExpires (${formatSeconds(min)}): a phone asking for no interval would be refused`);
  }
  if (dflt > max) return at('defaultExpires', `defaultExpires (${formatSeconds(dflt)}) is above maxExpires (${formatSeconds(max)})`);
  return [];
}
