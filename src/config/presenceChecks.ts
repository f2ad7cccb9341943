import type { Finding } from './Finding.js';
import type { SiteFile } from './schema.js';

/**
 * `presence:` rules that need more than one key: digest credentials come as a pair (a server
 * that challenges needs both, and one alone is a typo, not a choice).
 */
export function presenceChecks(file: SiteFile): Finding[] {
  const p = file.presence;
  if (p === undefined) return [];
  if (p.username !== undefined && p.password === undefined) {
    return [{ path: ['presence', 'username'], anchor: 'key', severity: 'error', message: 'presence: a username needs a password for the server\'s digest challenge' }];
  }
  if (p.password !== undefined && p.username === undefined) {
    return [{ path: ['presence', 'password'], anchor: 'key', severity: 'error', message: 'presence: a password needs a username for the server\'s digest challenge' }];
  }
  return [];
}
