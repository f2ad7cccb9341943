import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Writes a state file so that a crash leaves either the old or the new content, never half:
 * a temporary file beside it, synced, then renamed over it.
 */
export function writeFileAtomic(file: string, text: string, mode = 0o640): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode });
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
