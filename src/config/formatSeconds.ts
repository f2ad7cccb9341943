import type { Ms } from '../core/time.js';

/** Milliseconds back in the unit the installer wrote: `2500` → `2.5 s`. */
export function formatSeconds(ms: Ms): string {
  return `${ms / 1000} s`;
}
