import { readFile } from 'node:fs/promises';
import { decodeWav } from '../../media/moh/decodeWav.js';
import { HoldMusicError } from '../../media/moh/HoldMusicError.js';

/**
 * Reads a configured music-on-hold file (see `decodeWav` for the formats). Rejects with
 * `HoldMusicError`: `unreadable` (missing, no permission: the system's reason is in the message),
 * `not-wav`, `unsupported-format` or `malformed`, each naming the file.
 */
export async function loadHoldMusic(file: string): Promise<Int16Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
    throw new HoldMusicError('unreadable', file, reason);
  }
  return decodeWav(bytes, file);
}
