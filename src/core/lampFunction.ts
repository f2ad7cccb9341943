import { anyPrivateHolder, holderOf } from './callOps.js';
import type { Lamp } from './lamp.js';
import type { LineAppearance, LineContext } from './lineContext.js';
import type { LineStateName } from './status.js';

type UniformState = 'out-of-service' | 'idle' | 'ringing.forwarding' | 'ringing.unanswered' | 'forwarded';

/** States in which every appearance and the outsider view show one lamp, whoever the station is. */
function isUniform(state: LineStateName): state is UniformState {
  switch (state) {
    case 'out-of-service':
    case 'idle':
    case 'ringing.forwarding':
    case 'ringing.unanswered':
    case 'forwarded':
      return true;
    default:
      return false;
  }
}

const UNIFORM: Readonly<Record<UniformState, Lamp>> = {
  'out-of-service': 'out-of-service',
  idle: 'idle',
  'ringing.forwarding': 'ringing-not-here',
  'ringing.unanswered': 'ringing-not-here',
  forwarded: 'in-use-other',
};

/**
 * The lamp of every appearance of a line in this state, if it is the same for all (idle, out of
 * service, forwarding, forwarded); null when it depends on the station's role. Lets a lamp diff
 * skip asking the lamp function station by station.
 */
export function uniformLamp(state: LineStateName): Lamp | null {
  return isUniform(state) ? UNIFORM[state] : null;
}

/**
 * The lamp function of lamps.md §2: the first rule that matches, a pure function of the line's
 * state and the station's role in it. `appearance: null` is the outsider view lamp(⊥, L).
 */
export function lampOf(state: LineStateName, ctx: LineContext, appearance: LineAppearance | null): Lamp {
  if (isUniform(state)) return UNIFORM[state];
  const station = appearance?.station ?? null;
  const call = ctx.call;
  switch (state) {
    case 'ringing.active':
      return station !== null && call?.ring.get(station)?.window === 'open' ? 'ringing-here' : 'ringing-not-here';
    case 'seizing':
      return station !== null && call?.seizer === station ? 'seizing' : 'in-use-other';
    case 'connected': {
      if (station !== null && call?.connected.includes(station)) return 'in-use-mine';
      const h = station === null ? undefined : holderOf(call, station);
      if (h) return h.private ? 'held-private-mine' : 'held-mine';
      return 'in-use-other';
    }
    case 'held.waiting':
    case 'held.recall':
    case 'held.escalated': {
      const h = station === null ? undefined : holderOf(call, station);
      if (h) return state === 'held.waiting' ? (h.private ? 'held-private-mine' : 'held-mine') : 'recall';
      if (state === 'held.escalated' && appearance?.ring) return 'recall';
      return anyPrivateHolder(call) ? 'held-private-other' : 'held-other';
    }
  }
}
