import type { Lamp } from '../../core/lamp.js';
import type { DialogEntry } from './parseDialogInfo.js';

/** A remote line's state as presence.md §2 derives it from a dialog-info document. */
export type RemoteLineState = 'idle' | 'ringing' | 'in-use' | 'held';

/**
 * presence.md §2: any `early`/`proceeding` with `direction="recipient"` → ringing; else any
 * `confirmed` whose local target has `+sip.rendering="no"` → held; else any `confirmed`, or
 * `trying`/`proceeding`/`early` as initiator → in use; else idle. An `early`/`proceeding` dialog
 * without a direction is taken as ringing (the RFC makes direction optional; an inbound call is
 * what a line key most needs to show), a `trying` one without a direction as in use.
 */
export function deriveRemoteState(dialogs: readonly DialogEntry[]): RemoteLineState {
  const live = dialogs.filter((d) => d.state !== 'terminated');
  if (live.some((d) => (d.state === 'early' || d.state === 'proceeding') && d.direction !== 'initiator')) return 'ringing';
  if (live.some((d) => d.state === 'confirmed' && d.held)) return 'held';
  if (live.length > 0) return 'in-use';
  return 'idle';
}

/**
 * lamps.md §2 "Remote lines": never "mine"; with no live subscription (`null`) `unknown`, never
 * the last known state.
 */
export function remoteLamp(state: RemoteLineState | null): Lamp {
  switch (state) {
    case null: return 'unknown';
    case 'idle': return 'idle';
    case 'ringing': return 'ringing-not-here';
    case 'in-use': return 'in-use-other';
    case 'held': return 'held-other';
  }
}
