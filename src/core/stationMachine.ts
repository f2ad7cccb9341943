import { assign, setup } from 'xstate';
import type { RefusalReason } from './effects.js';
import type { StationKind } from './options.js';
import type { Instant } from './time.js';

export interface StationContext {
  id: string;
  kind: StationKind;
  lastRefusal: { reason: RefusalReason; line: string | null; t: Instant } | null;
  /** SIP phones start unreachable until they register; simulated stations start attached. */
  startReachable: boolean;
}

export type StationEvent =
  | { type: 'lift' }
  | { type: 'replace' }
  | { type: 'reachable'; reachable: boolean }
  | { type: 'refused'; reason: RefusalReason; line: string | null; t: Instant };

/**
 * A station's own state, the part no line holds (DESIGN.md): whether a simulated station's handset
 * is up (it is then busy even with no line, e.g. hearing reorder), whether it can be reached, and
 * its last refusal. Everything else about a station is read off the lines.
 *
 * ```
 *  handset: down ⇄ up          reach: reachable ⇄ unreachable
 * ```
 */
export const stationMachine = setup({
  types: {
    context: {} as StationContext,
    events: {} as StationEvent,
    input: {} as { id: string; kind: StationKind; reachable: boolean },
  },
  guards: {
    startsReachable: ({ context }) => context.startReachable,
    isReachable: ({ event }) => event.type === 'reachable' && event.reachable,
    isUnreachable: ({ event }) => event.type === 'reachable' && !event.reachable,
  },
}).createMachine({
  id: 'station',
  type: 'parallel',
  context: ({ input }) => ({ id: input.id, kind: input.kind, lastRefusal: null, startReachable: input.reachable }),
  on: {
    refused: { actions: assign({ lastRefusal: ({ event }) => ({ reason: event.reason, line: event.line, t: event.t }) }) },
  },
  states: {
    /** A simulated station's handset; SIP phones never lift it here (their calls are legs). */
    handset: {
      initial: 'down',
      states: {
        down: { on: { lift: 'up' } },
        up: { on: { replace: 'down' } },
      },
    },
    /** Whether alerts can reach it: a SIP registration, or an attached panel. */
    reach: {
      initial: 'starting',
      states: {
        starting: { always: [{ guard: 'startsReachable', target: 'reachable' }, { target: 'unreachable' }] },
        reachable: { on: { reachable: { guard: 'isUnreachable', target: 'unreachable' } } },
        unreachable: { on: { reachable: { guard: 'isReachable', target: 'reachable' } } },
      },
    },
  },
});
