import { assign, createActor, setup } from 'xstate';
import type { Actor } from 'xstate';

interface FloorContext {
  seq: number;
  by: string | null;
}

type FloorEvent = { type: 'ring'; t: number } | { type: 'answer'; station: string; t: number } | { type: 'hangup'; station: string; t: number };

/**
 * The floor under any XState core for this workload: a bare XState v5 machine with the states
 * one round passes through (idle → ringing.active → connected → idle, ringing compound as in the
 * line machine) and one `assign` per transition, the least a transition that changes the call
 * does. No effects, no lamps, no alerts, no guards. Whatever it costs per event, every XState
 * core pays before doing any key-system work; the benchmark sets it beside the reducer.
 */
export const floorMachine = setup({ types: { context: {} as FloorContext, events: {} as FloorEvent } }).createMachine({
  id: 'floor',
  context: { seq: 0, by: null },
  initial: 'idle',
  states: {
    idle: { on: { ring: { target: 'ringing', actions: assign(({ context }) => ({ seq: context.seq + 1 })) } } },
    ringing: {
      initial: 'active',
      states: { active: {} },
      on: { answer: { target: 'connected', actions: assign(({ event }) => ({ by: event.type === 'answer' ? event.station : null })) } },
    },
    connected: { on: { hangup: { target: 'idle', actions: assign({ by: null }) } } },
  },
});

/** One started floor actor per line. */
export function floorActors(lines: number): Array<Actor<typeof floorMachine>> {
  return Array.from({ length: lines }, () => createActor(floorMachine).start());
}
