import { z } from 'zod';
import { name, wholeNumber } from './schemaPrimitives.js';

const rtpPort = wholeNumber(1024, 'RTP ports start at 1024 (lower ones need root)').max(65535, 'a port is at most 65535');

/**
 * The `media:` section (the audio issue): where call legs' RTP lives and which music a held
 * caller hears. `musicOnHold` maps a source name (what a line's `musicOnHold` option names) to a
 * WAV file, 8 kHz mono, 16-bit PCM or G.711; `default` replaces the bundled generated tune.
 */
export const mediaSectionSchema = z.strictObject({
  rtpPorts: z.strictObject({ min: rtpPort, max: rtpPort }).optional(),
  musicOnHold: z.record(name('a music-on-hold source name'), z.string().min(1, 'expected a WAV file path')).optional(),
});

export type MediaSection = z.output<typeof mediaSectionSchema>;
