import type { Lamp } from './lamp.js';
import type { LineAppearance, LineContext } from './lineContext.js';
import type { LineStateName } from './status.js';

/**
 * The lamp function of lamps.md §2: the first rule that matches, a pure function of the line's
 * state and the station's role in it. `appearance: null` is the outsider view lamp(⊥, L).
 */
export function lampOf(state: LineStateName, ctx: LineContext, appearance: LineAppearance | null): Lamp {
  const station = appearance?.station ?? null;
  const call = ctx.call;
  switch (state) {
    case 'out-of-service':
      return 'out-of-service';
    case 'idle':
      return 'idle';
    case 'ringing.active':
      return station !== null && call?.ring.get(station)?.window === 'open' ? 'ringing-here' : 'ringing-not-here';
    case 'ringing.forwarding':
    case 'ringing.unanswered':
      return 'ringing-not-here';
    case 'seizing':
      return station !== null && call?.seizer === station ? 'seizing' : 'in-use-other';
    case 'connected': {
      if (station !== null && call?.connected.includes(station)) return 'in-use-mine';
      const h = station === null ? undefined : call?.holders.find((x) => x.station === station);
      if (h) return h.private ? 'held-private-mine' : 'held-mine';
      return 'in-use-other';
    }
    case 'held.waiting':
    case 'held.recall':
    case 'held.escalated': {
      const h = station === null ? undefined : call?.holders.find((x) => x.station === station);
      if (h) return state === 'held.waiting' ? (h.private ? 'held-private-mine' : 'held-mine') : 'recall';
      if (state === 'held.escalated' && appearance?.ring) return 'recall';
      return call?.holders.some((x) => x.private) ? 'held-private-other' : 'held-other';
    }
    case 'forwarded':
      return 'in-use-other';
  }
}
