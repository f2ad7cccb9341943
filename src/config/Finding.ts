import type { KeyPath } from './keyPath.js';
import type { Anchor } from './locate.js';

/** An issue before it is given a position in the file: checks speak in paths, not offsets. */
export interface Finding {
  path: KeyPath;
  anchor: Anchor;
  message: string;
  severity: 'error' | 'warning';
}
