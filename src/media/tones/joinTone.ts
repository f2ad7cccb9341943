import { compileTone } from './CompiledTone.js';
import type { CompiledTone } from './CompiledTone.js';
import { ToneSource } from './ToneSource.js';

/**
 * The barge-in join tone (sla.md §7.1, S18): one 440 Hz beep of 200 ms, played once to everyone
 * on the call, far end included. Inject it into the line's conference; it ends by itself.
 */
export const JOIN_TONE = '!440/200';

let compiled: CompiledTone | undefined;

/** A fresh source of the join tone (the waveform is computed once and shared). */
export function joinTone(): ToneSource {
  compiled ??= compileTone(JOIN_TONE, { label: 'join tone' });
  return new ToneSource(compiled);
}
