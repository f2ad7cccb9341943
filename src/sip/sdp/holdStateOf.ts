import { receives } from './direction.js';
import type { SessionDescription } from './SessionDescription.js';
import { streamView } from './streamView.js';

export type HoldState = 'active' | 'held';

/**
 * Whether a phone's description puts the call on hold (sla.md §8.1): its audio stream — the
 * first with a non-zero port — is `sendonly` or `inactive`, at media or session level, or has
 * `c=0.0.0.0` (RFC 2543). `recvonly` (the phone only listens) and a description without audio
 * are `active`.
 */
export function holdStateOf(sdp: SessionDescription): HoldState {
  const audio = sdp.media.find((m) => m.media.toLowerCase() === 'audio' && m.port !== 0);
  if (audio === undefined) return 'active';
  const { direction } = streamView(sdp, audio);
  return receives(direction) ? 'active' : 'held';
}
