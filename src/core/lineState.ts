import type { SnapshotFrom } from 'xstate';
import type { LineMachine } from './lineMachine.js';
import type { LineStateName } from './status.js';

export type LineSnapshot = SnapshotFrom<LineMachine>;

/** The sla.md §3.2 name of a line actor's state (`seizing` hides its guard/dialling detail). */
export function lineStateName(snap: LineSnapshot): LineStateName {
  const v = snap.value;
  if (typeof v === 'string') {
    switch (v) {
      case 'outOfService': return 'out-of-service';
      case 'idle': return 'idle';
      case 'connected': return 'connected';
      case 'forwarded': return 'forwarded';
      // `settling` is transient and never observed between events; if it were, idle is the safe reading.
      default: return 'idle';
    }
  }
  if ('ringing' in v) return `ringing.${v.ringing}` as LineStateName;
  if ('held' in v) return `held.${v.held}` as LineStateName;
  return 'seizing';
}

/** The detailed state, down to seizing's guard/dialling, as the deadline function needs it. */
export function lineStateDetail(snap: LineSnapshot): string {
  const v = snap.value;
  if (typeof v === 'string') return v;
  const [outer, inner] = Object.entries(v)[0] ?? ['idle', ''];
  return `${outer}.${String(inner)}`;
}
