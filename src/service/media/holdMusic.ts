import type { FrameSource } from '../../media/Frame.js';
import type { Logger } from '../Logger.js';

/** Music sources by name (placeholder until the music-on-hold loader lands: no music). */
export function holdMusic(_files: Record<string, string>, _log: Logger): (name: string) => FrameSource | null {
  return () => null;
}
