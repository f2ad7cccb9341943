import { setup } from 'xstate';
import type { CallerId } from './callerId.js';
import type { CallRecord } from './callRecord.js';
import { anyPrivateHolder, holderOf, isConnected, recallDelay } from './callOps.js';
import type { CoreNote, RefusalReason } from './effects.js';
import type { LineCall, LineContext, LineInput } from './lineContext.js';
import { callOf, stationOf } from './lineEventFields.js';
import type { LineEvent } from './lineEvents.js';
import { ANSWER_RACE_WINDOW } from './options.js';

type Args = { context: LineContext; event: LineEvent };

/** The call, which every call state has; a bug elsewhere must fail loudly rather than act on nothing. */
export function callIn(ctx: LineContext): LineCall {
  if (!ctx.call) throw new Error(`line ${ctx.def.id}: no call in a call state`);
  return ctx.call;
}

export const ev = <T extends LineEvent['type']>(e: LineEvent, type: T): Extract<LineEvent, { type: T }> | undefined =>
  e.type === type ? (e as Extract<LineEvent, { type: T }>) : undefined;

export function healthAfter(ctx: LineContext, e: LineEvent): { portReady: boolean; battery: boolean } {
  const h = ev(e, 'fxo.health');
  return { portReady: h?.portReady ?? ctx.portReady, battery: h?.battery ?? ctx.battery };
}

const due = (at: number | null, t: number): boolean => at !== null && at <= t;

/**
 * Types, effects and guards of the line machine (lineMachine.ts). Effects are placeholders here:
 * the key system supplies them with `provide()` (STYLE.md 7). Composite actions: lineActions.ts.
 */
export const lineBase = setup({
  types: { context: {} as LineContext, events: {} as LineEvent, input: {} as LineInput },
  actions: {
    portOffHook: (_: Args, _p: { line: string }) => {},
    portOnHook: (_: Args, _p: { line: string }) => {},
    portDial: (_: Args, _p: { line: string; digits: string }) => {},
    audioConnect: (_: Args, _p: { station: string; line: string }) => {},
    audioDisconnect: (_: Args, _p: { station: string; line: string }) => {},
    legEnd: (_: Args, _p: { station: string; line: string }) => {},
    refuse: (_: Args, _p: { station: string; reason: RefusalReason; line: string }) => {},
    toneJoin: (_: Args, _p: { line: string }) => {},
    mohStart: (_: Args, _p: { line: string; source: string }) => {},
    mohStop: (_: Args, _p: { line: string }) => {},
    forwardStart: (_: Args, _p: { line: string; target: string; callerId: CallerId | null }) => {},
    forwardEnd: (_: Args, _p: { line: string }) => {},
    callStarted: (_: Args, _p: { record: CallRecord }) => {},
    callEnded: (_: Args, _p: { record: CallRecord }) => {},
    note: (_: Args, _p: CoreNote) => {},
  },
  guards: {
    inService: ({ context }) => context.portReady && context.battery,
    healthStaysOk: ({ context, event }) => {
      const h = healthAfter(context, event);
      return h.portReady && h.battery;
    },
    guardPassed: ({ context, event }) =>
      context.onHookAt === null || event.t >= context.onHookAt + context.def.options.onHookGuard,
    callMatches: ({ context, event }) => {
      const call = callOf(event);
      return call === undefined || call === context.call?.id;
    },
    isConnected: ({ context, event }) => isConnected(context.call, stationOf(event)),
    isHolder: ({ context, event }) => !!holderOf(context.call, stationOf(event)),
    isSeizer: ({ context, event }) => context.call?.seizer === stationOf(event),
    hasRecallEntry: ({ context, event }) => !!context.call?.ring.has(stationOf(event)),
    lastConnected: ({ context, event }) => {
      const call = callIn(context);
      return call.connected.length === 1 && call.connected[0] === stationOf(event);
    },
    lastConnectedNoHolders: ({ context, event }) => {
      const call = callIn(context);
      return call.connected.length === 1 && call.connected[0] === stationOf(event) && call.holders.length === 0;
    },
    lastHolder: ({ context, event }) => {
      const call = callIn(context);
      return call.holders.length === 1 && call.holders[0]?.station === stationOf(event);
    },
    exclusiveByHolder: ({ context, event }) => !!ev(event, 'hold')?.exclusive && !!holderOf(context.call, stationOf(event)),
    privateHold: ({ context }) => anyPrivateHolder(context.call),
    withinRaceWindow: ({ context, event }) => {
      const at = callIn(context).answeredAt;
      return at !== null && event.t - at < ANSWER_RACE_WINDOW;
    },
    bargeRefused: ({ context }) => {
      const call = callIn(context);
      return !call.opts.barge || call.connected.length >= call.opts.maxConnected;
    },
    bargeAllowed: ({ context }) => callIn(context).opts.barge,
    ringTimeoutForward: ({ context, event }) => {
      const call = callIn(context);
      return call.opts.ringTimeout > 0 && call.t0 + call.opts.ringTimeout <= event.t && call.opts.noAnswer.kind === 'forward';
    },
    ringTimeoutDue: ({ context, event }) => {
      const call = callIn(context);
      return call.opts.ringTimeout > 0 && call.t0 + call.opts.ringTimeout <= event.t;
    },
    seizeTimeoutDue: ({ context, event }) => {
      const call = callIn(context);
      return call.opts.seizeTimeout > 0 && due(call.offHookSentAt === null ? null : call.offHookSentAt + call.opts.seizeTimeout, event.t);
    },
    dropDue: ({ context, event }) => {
      const call = callIn(context);
      return call.opts.holdDropAfter > 0 && call.heldSince !== null && call.heldSince + call.opts.holdDropAfter <= event.t;
    },
    recallDue: ({ context, event }) => {
      const call = callIn(context);
      const r = recallDelay(call);
      return r > 0 && call.heldSince !== null && call.heldSince + r <= event.t;
    },
    escalateDue: ({ context, event }) => {
      const call = callIn(context);
      return call.opts.recallTimeout > 0 && call.recallStartedAt !== null && call.recallStartedAt + call.opts.recallTimeout <= event.t;
    },
    glareOrNoDialTone: ({ context }) => callIn(context).glare || !context.dialToneDetect,
    notGlare: ({ context }) => !callIn(context).glare,
    offHookConfirmed: ({ context }) => callIn(context).offHookConfirmed,
  },
});
