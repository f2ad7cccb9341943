import { nearest } from '../editDistance.js';
import type { KeyPath } from '../keyPath.js';
import { boardFileSchema } from './boardSchema.js';
import { keysAtPath } from './keysAtPath.js';

/** Device entry keys that belong under `options` or `match` when written next to `id`. */
const NESTED: Record<string, string> = { rows: 'options', cols: 'options', color: 'options', usb: 'match', path: 'match', unitId: 'match' };

/**
 * Explains an unknown key of a board file: the nearest valid spelling, where the key belongs when
 * it was put one level too high, or the keys that are valid at that place.
 */
export function boardUnknownKeyMessage(parent: KeyPath, key: string): string {
  const base = `unknown key "${key}"`;
  const valid = keysAtPath(boardFileSchema, parent);
  if (valid.length === 0) return base;
  const near = nearest(key, valid);
  if (near !== undefined) return `${base}: did you mean "${near}"?`;
  const home = NESTED[key];
  if (home !== undefined && valid.includes(home)) return `${base}: "${key}" belongs under ${home}`;
  return `${base}; valid keys here: ${valid.join(', ')}`;
}
