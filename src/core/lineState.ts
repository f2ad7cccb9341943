import type { SnapshotFrom } from 'xstate';
import type { LineMachine } from './lineMachine.js';
import type { LineStateName } from './status.js';

export type LineSnapshot = SnapshotFrom<LineMachine>;

/**
 * The sla.md §3.2 name of a line actor's state (`seizing` hides its guard/dialling detail).
 * Called several times per step for every changed line: it returns constants, building no strings.
 */
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
  if ('ringing' in v) {
    switch (v.ringing) {
      case 'active': return 'ringing.active';
      case 'forwarding': return 'ringing.forwarding';
      case 'unanswered': return 'ringing.unanswered';
    }
  }
  if ('held' in v) {
    switch (v.held) {
      case 'waiting': return 'held.waiting';
      case 'recall': return 'held.recall';
      case 'escalated': return 'held.escalated';
    }
  }
  return 'seizing';
}

/** The detailed state, down to seizing's guard/dialling, as the deadline function needs it. */
export function lineStateDetail(snap: LineSnapshot): string {
  const v = snap.value;
  if (typeof v === 'string') return v;
  if ('seizing' in v) return v.seizing === 'guard' ? 'seizing.guard' : 'seizing.dialling';
  return lineStateName(snap);
}
