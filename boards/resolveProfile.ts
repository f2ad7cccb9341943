import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CountryProfile } from '../hal/contracts/index.js';
import type { BoardFile, ProfileOverrides } from './types.js';

/** Gives the country profile for an ISO 3166 code, or throws. */
export type ProfileLoader = (country: string) => CountryProfile;

/** Reads `<dir>/<country>.json`; throws naming the file when it is missing or not JSON. */
export function loadProfile(dir: string, country: string): CountryProfile {
  if (!/^[a-z]{2}$/.test(country)) throw new RangeError(`country must be an ISO 3166 alpha-2 code in lower case, got ${JSON.stringify(country)}`);
  const file = join(dir, `${country}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`country "${country}": no profile ${file}`);
  }
  try {
    return JSON.parse(text) as CountryProfile;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

/**
 * The profile a board runs with: its country's profile (from `profilesDir` or a loader) with the
 * board's `profile` overrides merged in. Objects merge key by key, arrays and values replace.
 * The result is a fresh object; neither input is changed.
 */
export function resolveProfile(board: Pick<BoardFile, 'country' | 'profile'>, source: string | ProfileLoader): CountryProfile {
  if (!board || typeof board.country !== 'string') throw new TypeError('board.country must be a string');
  const base = typeof source === 'function' ? source(board.country) : loadProfile(source, board.country);
  const merged: CountryProfile = structuredClone(base);
  merge(merged as unknown as Record<string, unknown>, board.profile ?? {});
  return merged;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(out: Record<string, unknown>, over: ProfileOverrides | Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? merge(current, value) : structuredClone(value);
  }
  return out;
}
