import type { FrameSource } from '../../media/Frame.js';
import { LoopingPcmSource, generatedHoldMusic } from '../../media/moh/index.js';
import { loadHoldMusic } from './loadHoldMusic.js';
import type { Logger } from '../Logger.js';

/**
 * The music-on-hold sources of a site (`media.musicOnHold`: name → WAV file), loaded once at
 * start: a held caller's music must not wait on a disk. `default` is keyline's generated tune
 * unless the site names its own; `none` is silence. A file that cannot be played is logged with
 * its reason and its source plays the generated tune instead, so a held caller never hears dead
 * air because of a bad file. Each hold starts the music from the beginning.
 */
export async function holdMusic(files: Record<string, string>, log: Logger): Promise<(name: string) => FrameSource | null> {
  const tune = generatedHoldMusic();
  const loaded = new Map<string, Int16Array>([['default', tune]]);
  for (const [name, file] of Object.entries(files)) {
    try {
      loaded.set(name, await loadHoldMusic(file));
    } catch (err) {
      log.log('error', 'media', { event: 'music-unplayable', source: name, file, error: err instanceof Error ? err.message : String(err), fallback: 'generated tune' });
      loaded.set(name, tune);
    }
  }
  return (name) => {
    if (name === 'none') return null;
    return new LoopingPcmSource(loaded.get(name) ?? tune);
  };
}
