import type { CallOutcome } from './callRecord.js';
import {
  addConnected, addHolder, callRecord, holdIsPrivate, inboundCall, makePrivate, outboundCall,
  removeConnected, removeHolder, step, withCallerId,
} from './callOps.js';
import type { RefusalReason } from './effects.js';
import { callIn, ev, healthAfter, lineBase } from './lineBase.js';
import { stationOf } from './lineEventFields.js';
import { NO_ENTRIES, advanceEntries, afterFailure, declined, recallEntry, retryNow, withEntry } from './ringEntries.js';

/**
 * The line machine's composite actions: each one a step of sla.md, built from the pure call
 * operations (callOps.ts) and the effect placeholders of lineBase.ts, in the spec's order.
 */
export const lineSetup = lineBase.extend({
  actions: {
    assignHealth: lineBase.enqueueActions(({ context, event, enqueue }) => enqueue.assign(healthAfter(context, event))),

    reconfigure: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const e = ev(event, 'reconfigure');
      if (!e) return;
      const stations = new Set(e.appearances.map((a) => a.station));
      let call = context.call;
      if (call) {
        // An appearance only being alerted loses its alert at once (sla.md §11).
        const ring = new Map([...call.ring].filter(([s]) => stations.has(s)));
        call = { ...call, ring };
      }
      enqueue.assign({ def: e.def, appearances: e.appearances, dialToneDetect: e.dialToneDetect, call });
    }),

    startInbound: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = inboundCall(context, event.t, ev(event, 'fxo.ring')?.callerId);
      enqueue.assign({ call, seq: call.seq });
      enqueue({ type: 'callStarted', params: { record: callRecord(context.def.id, call, null, null) } });
    }),

    startOutbound: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = outboundCall(context, event.t, stationOf(event), ev(event, 'lineKey')?.digits);
      enqueue.assign({ call, seq: call.seq });
      enqueue({ type: 'callStarted', params: { record: callRecord(context.def.id, call, null, null) } });
    }),

    sendOffHook: lineBase.enqueueActions(({ context, event, enqueue }) => {
      enqueue({ type: 'portOffHook', params: { line: context.def.id } });
      enqueue.assign({ portCommanded: 'off', call: { ...callIn(context), offHookSentAt: event.t } });
    }),

    updateCallerId: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const e = ev(event, 'fxo.callerId');
      if (e) enqueue.assign({ call: withCallerId(callIn(context), e.callerId) });
    }),

    tickEntries: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      const waitOver = !call.callerIdReady && call.t0 + call.opts.callerIdWait <= event.t;
      enqueue.assign({ call: { ...call, ring: advanceEntries(call.ring, event.t), callerIdReady: call.callerIdReady || waitOver } });
    }),

    declineAlert: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      const e = call.ring.get(stationOf(event));
      if (e) enqueue.assign({ call: { ...call, ring: withEntry(call.ring, stationOf(event), declined(e)) } });
    }),

    alertFailed: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      const e = call.ring.get(stationOf(event));
      if (!e || e.window !== 'open') return;
      const next = afterFailure(e, event.t, context.general.alertRetryMin, context.general.alertRetryMax);
      enqueue.assign({ call: { ...call, ring: withEntry(call.ring, stationOf(event), next) } });
    }),

    retryAlertNow: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      const e = call.ring.get(stationOf(event));
      if (e) enqueue.assign({ call: { ...call, ring: withEntry(call.ring, stationOf(event), retryNow(e)) } });
    }),

    clearRing: lineBase.enqueueActions(({ context, enqueue }) => enqueue.assign({ call: { ...callIn(context), ring: NO_ENTRIES } })),

    /** sla.md §4.4: one step; any forward attempt ends and the port answers the line now. */
    answerCall: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const s = stationOf(event);
      let call = callIn(context);
      if (call.forwardLeg) enqueue({ type: 'forwardEnd', params: { line } });
      enqueue({ type: 'portOffHook', params: { line } });
      call = step({ ...addConnected(call, s), answeredAt: event.t, answeredBy: s, ring: NO_ENTRIES, forwardLeg: false }, { t: event.t, what: 'answered', station: s });
      enqueue.assign({ call, portCommanded: 'off' });
      enqueue({ type: 'audioConnect', params: { station: s, line } });
    }),

    connectSeizer: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const call = callIn(context);
      const s = call.seizer ?? '';
      const answered = call.glare ? { answeredAt: event.t, answeredBy: s } : {};
      enqueue.assign({ call: { ...addConnected(call, s), ...answered, seizer: null } });
      enqueue({ type: 'audioConnect', params: { station: s, line } });
      if (!call.glare && call.digits) enqueue({ type: 'portDial', params: { line, digits: call.digits } });
    }),

    markOffHookConfirmed: lineBase.enqueueActions(({ context, enqueue }) => enqueue.assign({ call: { ...callIn(context), offHookConfirmed: true } })),

    /** sla.md §6.6: the seizer gets whoever is calling in on the line it is taking. */
    markGlare: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      const cid = ev(event, 'fxo.ring')?.callerId ?? ev(event, 'fxo.callerId')?.callerId ?? call.callerId;
      enqueue.assign({ call: { ...call, glare: true, direction: 'in', digits: '', callerId: cid ?? null } });
      enqueue({ type: 'note', params: { line: context.def.id, station: call.seizer ?? undefined, event: 'glare' } });
    }),





    seizeFailCause: lineBase.enqueueActions(({ event, enqueue }) => {
      const cause = ev(event, 'fxo.seizeFailed')?.cause;
      if (cause === 'noBattery') enqueue.assign({ battery: false });
      if (cause === 'portLost') enqueue.assign({ portReady: false });
    }),

    /** sla.md §7.1: a join tone to everyone on the call, far end included, then the station joins. */
    barge: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const call = callIn(context);
      if (call.opts.joinTone) enqueue({ type: 'toneJoin', params: { line } });
      enqueue.assign({ call: step(addConnected(call, stationOf(event)), { t: event.t, what: 'barged', station: stationOf(event) }) });
      enqueue({ type: 'audioConnect', params: { station: stationOf(event), line } });
    }),

    /** sla.md §7.2: a connected station leaves. */
    leave: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const s = stationOf(event);
      enqueue({ type: 'audioDisconnect', params: { station: s, line } });
      enqueue({ type: 'legEnd', params: { station: s, line } });
      enqueue.assign({ call: step(removeConnected(callIn(context), s), { t: event.t, what: 'left', station: s }) });
    }),

    /** sla.md §8.1: audio stops, the leg stays; the station becomes a holder. */
    holdStation: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const s = stationOf(event);
      const call = callIn(context);
      const priv = holdIsPrivate(context, call, s, ev(event, 'hold')?.exclusive ?? false);
      enqueue({ type: 'audioDisconnect', params: { station: s, line } });
      const held = addHolder(removeConnected(call, s), s, priv, event.t);
      enqueue.assign({ call: step(held, { t: event.t, what: priv ? 'held-private' : 'held', station: s }) });
    }),

    makePrivate: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const s = stationOf(event);
      enqueue.assign({ call: step(makePrivate(callIn(context), s), { t: event.t, what: 'held-private', station: s }) });
    }),

    /** sla.md §8.4: a holder ends its held call. */
    endHold: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const s = stationOf(event);
      enqueue({ type: 'legEnd', params: { station: s, line: context.def.id } });
      enqueue.assign({ call: removeHolder(callIn(context), s) });
    }),

    /** sla.md §8.2 by `resume`: the same leg carries audio again. */
    resumeSameLeg: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const s = stationOf(event);
      enqueue.assign({ call: step(addConnected(removeHolder(callIn(context), s), s), { t: event.t, what: 'resumed', station: s }) });
      enqueue({ type: 'audioConnect', params: { station: s, line: context.def.id } });
    }),

    /** sla.md §8.2 by the line key or a recall answer: a new leg is connected, the held leg ends. */
    resumeNewLeg: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const s = stationOf(event);
      enqueue({ type: 'legEnd', params: { station: s, line } });
      enqueue.assign({ call: step(addConnected(removeHolder(callIn(context), s), s), { t: event.t, what: 'resumed', station: s }) });
      enqueue({ type: 'audioConnect', params: { station: s, line } });
    }),

    /** sla.md §8.3: another station picks up an open hold; every holder's leg ends. */
    pickUp: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const s = stationOf(event);
      const call = callIn(context);
      for (const h of call.holders) enqueue({ type: 'legEnd', params: { station: h.station, line } });
      enqueue.assign({ call: step(addConnected({ ...call, holders: [] }, s), { t: event.t, what: 'picked-up', station: s }) });
      enqueue({ type: 'audioConnect', params: { station: s, line } });
    }),

    enterHold: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      enqueue.assign({ call: { ...call, heldSince: event.t, recallStartedAt: null, ring: NO_ENTRIES } });
      enqueue({ type: 'mohStart', params: { line: context.def.id, source: call.opts.musicOnHold } });
    }),

    leaveHold: lineBase.enqueueActions(({ context, enqueue }) => {
      enqueue({ type: 'mohStop', params: { line: context.def.id } });
      if (context.call) enqueue.assign({ call: { ...context.call, heldSince: null, recallStartedAt: null, ring: NO_ENTRIES } });
    }),

    /** sla.md §8.6: each holder gets a recall alert, without delay. */
    startRecall: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      const ring = new Map(call.holders.map((h) => [h.station, recallEntry(event.t)]));
      enqueue.assign({ call: step({ ...call, recallStartedAt: event.t, ring }, { t: event.t, what: 'recalled' }) });
    }),

    /** sla.md §8.6: the hold opens and every ringing appearance is recalled too. */
    escalateRecall: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const call = callIn(context);
      const ring = new Map(call.ring);
      for (const a of context.appearances) if (a.ring && !ring.has(a.station)) ring.set(a.station, recallEntry(event.t));
      enqueue.assign({ call: { ...call, ring, holders: call.holders.map((h) => ({ ...h, private: false })) } });
    }),

    startForward: lineBase.enqueueActions(({ context, enqueue }) => {
      const call = callIn(context);
      if (call.opts.noAnswer.kind !== 'forward') return;
      const callerId = call.opts.callerId ? call.callerId : null;
      enqueue({ type: 'forwardStart', params: { line: context.def.id, target: call.opts.noAnswer.target, callerId } });
      enqueue.assign({ call: { ...call, forwardLeg: true, ring: NO_ENTRIES } });
    }),

    forwardAnswered: lineBase.enqueueActions(({ context, event, enqueue }) => {
      enqueue({ type: 'portOffHook', params: { line: context.def.id } });
      const call = step({ ...callIn(context), outcomeHint: 'forwarded' }, { t: event.t, what: 'forwarded' });
      enqueue.assign({ call, portCommanded: 'off' });
    }),

    forwardGone: lineBase.enqueueActions(({ context, enqueue }) => enqueue.assign({ call: { ...callIn(context), forwardLeg: false } })),

    /** sla.md §7.1: a station takes a forwarded call back; the forward leg ends. */
    takeOver: lineBase.enqueueActions(({ context, event, enqueue }) => {
      const line = context.def.id;
      const s = stationOf(event);
      enqueue({ type: 'forwardEnd', params: { line } });
      const call = step({ ...addConnected(callIn(context), s), forwardLeg: false, outcomeHint: null }, { t: event.t, what: 'took-over', station: s });
      enqueue.assign({ call });
      enqueue({ type: 'audioConnect', params: { station: s, line } });
    }),

  },
});

/** Refuses the station the event came from (sla.md §5.4). */
export const refuseStation = (reason: RefusalReason) =>
  lineBase.enqueueActions(({ context, event, enqueue }) => {
    enqueue({ type: 'refuse', params: { station: stationOf(event), reason, line: context.def.id } });
  });

export const refuseSeizer = (reason: RefusalReason) =>
  lineBase.enqueueActions(({ context, enqueue }) => {
    const s = context.call?.seizer;
    if (s) enqueue({ type: 'refuse', params: { station: s, reason, line: context.def.id } });
  });

export const refuseConnected = (reason: RefusalReason) =>
  lineBase.enqueueActions(({ context, enqueue }) => {
    for (const s of context.call?.connected ?? []) enqueue({ type: 'refuse', params: { station: s, reason, line: context.def.id } });
  });

export const noteLine = (what: string) =>
  lineBase.enqueueActions(({ context, event, enqueue }) => {
    enqueue({ type: 'note', params: { line: context.def.id, event: what, detail: event.type } });
  });

/**
 * sla.md §9: release in one step. Every leg ends, the forward leg too, the port goes on-hook if it
 * was off, the call is recorded and the on-hook guard starts. Music stops on leaving `held`.
 */
export const release = (outcome: CallOutcome) =>
  lineBase.enqueueActions(({ context, event, enqueue }) => {
    const line = context.def.id;
    const call = context.call;
    if (!call) return;
    for (const s of call.connected) {
      enqueue({ type: 'audioDisconnect', params: { station: s, line } });
      enqueue({ type: 'legEnd', params: { station: s, line } });
    }
    for (const h of call.holders) enqueue({ type: 'legEnd', params: { station: h.station, line } });
    if (call.forwardLeg) enqueue({ type: 'forwardEnd', params: { line } });
    const wasOff = context.portCommanded === 'off';
    if (wasOff) enqueue({ type: 'portOnHook', params: { line } });
    const recorded = outcome === 'completed' ? (call.outcomeHint ?? 'completed') : outcome;
    enqueue({ type: 'callEnded', params: { record: callRecord(line, call, event.t, recorded) } });
    enqueue.assign({ call: null, portCommanded: 'on', onHookAt: wasOff ? event.t : context.onHookAt });
  });
