import type { CallerId } from './callerId.js';
import type { CallOutcome, CallRecord, CallStep } from './callRecord.js';
import type { Holder, LineCall, LineContext } from './lineContext.js';
import { NO_ENTRIES, ringEntries } from './ringEntries.js';
import type { Instant, Ms } from './time.js';

/** Pure operations on a line call. The line machine's assigns are built from these. */

export function newCall(ctx: LineContext, t: Instant, direction: 'in' | 'out'): LineCall {
  const seq = ctx.seq + 1;
  const opts = ctx.def.options;
  return {
    id: `${ctx.def.id}-${seq}`,
    seq,
    direction,
    callerId: null,
    callerIdReady: !opts.callerId || opts.callerIdWait === 0,
    digits: '',
    glare: false,
    t0: t,
    answeredAt: null,
    answeredBy: null,
    opts,
    connected: [],
    holders: [],
    seizer: null,
    ring: NO_ENTRIES,
    offHookSentAt: null,
    offHookConfirmed: false,
    heldSince: null,
    recallStartedAt: null,
    forwardLeg: false,
    outcomeHint: null,
    steps: [],
  };
}

export function inboundCall(ctx: LineContext, t: Instant, callerId: CallerId | undefined): LineCall {
  const call = newCall(ctx, t, 'in');
  call.ring = ringEntries(ctx.appearances, t);
  // The call is fresh and not yet in any snapshot: filled in place rather than copied (withCallerId).
  if (callerId) {
    call.callerId = callerId;
    call.callerIdReady = true;
  }
  return call;
}

export function outboundCall(ctx: LineContext, t: Instant, seizer: string, digits: string | undefined): LineCall {
  const call = newCall(ctx, t, 'out');
  call.seizer = seizer;
  call.digits = digits ?? '';
  call.steps = [{ t, what: 'seized', station: seizer }];
  return call;
}

/** Caller ID received, or reported absent (`null`): either way alerts need not wait any longer. */
export function withCallerId(call: LineCall, callerId: CallerId | null): LineCall {
  return { ...call, callerId: callerId ?? call.callerId, callerIdReady: true };
}

export function step(call: LineCall, s: CallStep): LineCall {
  return { ...call, steps: [...call.steps, s] };
}

export function isConnected(call: LineCall | null, station: string): boolean {
  return !!call && call.connected.includes(station);
}

/** A loop, not `find`: the lamp diff asks this for every appearance of a line, and a closure each time showed up. */
export function holderOf(call: LineCall | null, station: string): Holder | undefined {
  if (!call) return undefined;
  for (const h of call.holders) if (h.station === station) return h;
  return undefined;
}

export function addConnected(call: LineCall, station: string): LineCall {
  return call.connected.includes(station) ? call : { ...call, connected: [...call.connected, station] };
}

export function removeConnected(call: LineCall, station: string): LineCall {
  return { ...call, connected: call.connected.filter((s) => s !== station) };
}

export function removeHolder(call: LineCall, station: string): LineCall {
  return { ...call, holders: call.holders.filter((h) => h.station !== station) };
}

/** A hold is private if asked for (exclusive), or if the station's or the line's hold is private (§8.1). */
export function holdIsPrivate(ctx: LineContext, call: LineCall, station: string, exclusive: boolean): boolean {
  if (exclusive || call.opts.hold === 'private') return true;
  return ctx.appearances.find((a) => a.station === station)?.stationHold === 'private';
}

export function addHolder(call: LineCall, station: string, priv: boolean, t: Instant): LineCall {
  return { ...call, holders: [...call.holders.filter((h) => h.station !== station), { station, private: priv, since: t }] };
}

export function makePrivate(call: LineCall, station: string): LineCall {
  return { ...call, holders: call.holders.map((h) => (h.station === station ? { ...h, private: true } : h)) };
}

export function anyPrivateHolder(call: LineCall | null): boolean {
  if (!call) return false;
  for (const h of call.holders) if (h.private) return true;
  return false;
}

/** The recall time R of §8.6: the private recall if any holder's hold is private; 0 = never. */
export function recallDelay(call: LineCall): Ms {
  return anyPrivateHolder(call) ? call.opts.privateHoldRecall : call.opts.holdRecall;
}

export function callRecord(line: string, call: LineCall, endedAt: Instant | null, outcome: CallOutcome | null): CallRecord {
  return {
    id: call.id,
    line,
    seq: call.seq,
    direction: call.direction,
    callerId: call.callerId,
    digits: call.digits,
    glare: call.glare,
    t0: call.t0,
    answeredAt: call.answeredAt,
    answeredBy: call.answeredBy,
    endedAt,
    outcome,
    steps: call.steps,
  };
}
