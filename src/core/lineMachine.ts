import { lineSetup, noteLine, refuseConnected, refuseSeizer, refuseStation, release } from './lineActions.js';

/**
 * One actor per line owns its call (DESIGN.md, sla.md §3.2). Time enters only as events: every
 * event carries `t`, and the key system delivers one `timer` event at the line's next deadline
 * (lineDeadline.ts), so the machine itself never reads a clock and never schedules.
 *
 * ```
 *            ┌──────── health lost / battery gone ─────────┐
 *            v                                             │
 *  outOfService ──ok──> idle ──fxo.ring──> ringing ─answer─┼──> connected <──resume/pick-up── held
 *                        │                 (active,        │      │   ^                       (waiting,
 *                        │                  forwarding,    │      │   └──── barge ───┐         recall,
 *                        │                  unanswered)    │      └──hold (last)──> held    escalated)
 *                        └─lineKey─> seizing ─dial tone────┘                         │
 *                                    (guard, dialling)            forwarded <─target answers
 *  A release the port's health caused (health lost, seizure failed), and the start, pass `settling`,
 *  which lands in idle or outOfService by the port's health. Every other release lands in idle:
 *  a call state always has a healthy port, since any health loss releases the call (invariants.ts).
 *  (Skipping `settling` there saves XState a microstep per hang-up: bench/RESULTS.md.)
 * ```
 */

/** Events every call state handles alike: health loss and shutdown release the call (sla.md §10, §12). */
const callCommon = {
  'fxo.health': [
    { guard: 'healthStaysOk', actions: 'assignHealth' },
    {
      target: '#line.settling',
      actions: ['assignHealth', refuseSeizer('failed'), release('interrupted')],
    },
  ],
  shutdown: { target: '#line.idle', actions: release('interrupted') },
  reconfigure: { actions: 'reconfigure' },
} as const;

/** A ring (or CO call-waiting) on a line that is off-hook creates nothing; it is logged (S28). */
const ringWhileBusy = {
  'fxo.ring': { actions: noteLine('ring-on-busy-line') },
  'fxo.callerId': { actions: noteLine('caller-id-on-busy-line') },
} as const;

/** An answer to an alert whose call is gone, or that came second (sla.md §4.5). */
const lateAnswer = { answer: { actions: refuseStation('lost-race') } } as const;

export const lineMachine = lineSetup.createMachine({
  id: 'line',
  context: ({ input }) => ({ ...input, portCommanded: 'on', call: null }),
  initial: 'settling',
  on: { reconfigure: { actions: 'reconfigure' } },
  states: {
    /** Transient: where the start or a release caused by the port's health lands, by that health. */
    settling: {
      always: [{ guard: 'inService', target: 'idle' }, { target: 'outOfService' }],
    },

    /** No battery or no port: every request is refused `unavailable` (sla.md §10). */
    outOfService: {
      on: {
        'fxo.health': [{ guard: 'healthStaysOk', target: 'idle', actions: 'assignHealth' }, { actions: 'assignHealth' }],
        lineKey: { actions: refuseStation('unavailable') },
        ...lateAnswer,
      },
    },

    /** No call; the port is on-hook. Only the on-hook guard remains of the last call. */
    idle: {
      on: {
        'fxo.ring': { target: 'ringing', actions: 'startInbound' },
        'fxo.callerId': { actions: noteLine('caller-id-without-ringing') },
        'fxo.health': [{ guard: 'healthStaysOk', actions: 'assignHealth' }, { target: 'outOfService', actions: 'assignHealth' }],
        lineKey: [
          { guard: 'guardPassed', target: 'seizing.dialling', actions: ['startOutbound', 'sendOffHook'] },
          { target: 'seizing.guard', actions: 'startOutbound' },
        ],
        ...lateAnswer,
      },
    },

    /** An inbound call offered; the port stays on-hook so the caller hears the CO's ringback (§4.1). */
    ringing: {
      initial: 'active',
      on: {
        ...callCommon,
        'fxo.callerId': { actions: 'updateCallerId' },
        lineKey: { target: 'connected', actions: 'answerCall' },
        answer: [
          { guard: 'callMatches', target: 'connected', actions: 'answerCall' },
          { actions: refuseStation('lost-race') },
        ],
      },
      states: {
        /** Ring windows run; stations are alerted (alerts are derived: alerts.ts). */
        active: {
          on: {
            timer: [
              { guard: 'ringTimeoutForward', target: 'forwarding' },
              { guard: 'ringTimeoutDue', target: 'unanswered', actions: 'clearRing' },
              { actions: 'tickEntries' },
            ],
            decline: { guard: 'callMatches', actions: 'declineAlert' },
            alertFailed: { guard: 'callMatches', actions: 'alertFailed' },
            reachable: { actions: 'retryAlertNow' },
            'fxo.ringStopped': { target: '#line.idle', actions: release('abandoned') },
          },
        },
        /** Ring timeout passed: the no-answer target is being called; nobody is alerted (§4.6). */
        forwarding: {
          entry: 'startForward',
          on: {
            'forward.answered': { target: '#line.forwarded', actions: 'forwardAnswered' },
            'forward.failed': { target: 'unanswered', actions: 'forwardGone' },
            'fxo.ringStopped': { target: '#line.idle', actions: release('unanswered') },
          },
        },
        /** Ring timeout passed with no (or a failed) treatment: nobody alerted, still answerable. */
        unanswered: {
          on: {
            'fxo.ringStopped': { target: '#line.idle', actions: release('unanswered') },
          },
        },
      },
    },

    /** Outbound: the seizer waits for the guard, then for dial tone (§6). */
    seizing: {
      initial: 'guard',
      on: {
        ...callCommon,
        lineKey: [{ guard: 'isSeizer' }, { actions: refuseStation('busy') }],
        ...lateAnswer,
        hangup: { guard: 'isSeizer', target: '#line.idle', actions: release('seize-abandoned') },
        'fxo.seizeFailed': {
          target: '#line.settling',
          actions: [refuseSeizer('failed'), 'seizeFailCause', release('seize-failed')],
        },
        'fxo.disconnect': {
          target: '#line.idle',
          actions: [refuseSeizer('failed'), release('seize-failed')],
        },
      },
      states: {
        /** The line went on-hook less than `onHookGuard` ago: the off-hook waits (§6.2, S35). */
        guard: {
          on: {
            timer: { target: 'dialling', actions: 'sendOffHook' },
            'fxo.ring': { target: 'dialling', actions: ['markGlare', 'sendOffHook'] },
            'fxo.callerId': { target: 'dialling', actions: ['markGlare', 'sendOffHook'] },
          },
        },
        /** Off-hook commanded; `seizeTimeout` runs until dial tone (or confirmation on glare). */
        dialling: {
          on: {
            'fxo.offHook': [
              { guard: 'glareOrNoDialTone', target: '#line.connected', actions: ['markOffHookConfirmed', 'connectSeizer'] },
              { actions: 'markOffHookConfirmed' },
            ],
            'fxo.dialTone': { guard: 'notGlare', target: '#line.connected', actions: 'connectSeizer' },
            'fxo.ring': [
              { guard: 'offHookConfirmed', target: '#line.connected', actions: ['markGlare', 'connectSeizer'] },
              { actions: 'markGlare' },
            ],
            'fxo.callerId': [
              { guard: 'offHookConfirmed', target: '#line.connected', actions: ['markGlare', 'connectSeizer'] },
              { actions: 'markGlare' },
            ],
            timer: {
              guard: 'seizeTimeoutDue',
              target: '#line.idle',
              actions: [refuseSeizer('failed'), release('seize-failed')],
            },
          },
        },
      },
    },

    /** At least one station's audio is bridged to the line; holders may wait (3-way hold, §8.1). */
    connected: {
      on: {
        ...callCommon,
        ...ringWhileBusy,
        lineKey: [
          { guard: 'isConnected' },
          { guard: 'isHolder', actions: 'resumeNewLeg' },
          { guard: 'withinRaceWindow', actions: refuseStation('lost-race') },
          { guard: 'bargeRefused', actions: refuseStation('busy') },
          { actions: 'barge' },
        ],
        answer: [{ guard: 'isConnected' }, { actions: refuseStation('lost-race') }],
        hold: [
          { guard: 'lastConnected', target: 'held', actions: 'holdStation' },
          { guard: 'isConnected', actions: 'holdStation' },
          { guard: 'exclusiveByHolder', actions: 'makePrivate' },
        ],
        resume: { guard: 'isHolder', actions: 'resumeSameLeg' },
        hangup: [
          { guard: 'lastConnectedNoHolders', target: '#line.idle', actions: release('completed') },
          { guard: 'lastConnected', target: 'held', actions: 'leave' },
          { guard: 'isConnected', actions: 'leave' },
          { guard: 'isHolder', actions: 'endHold' },
        ],
        'fxo.disconnect': { target: '#line.idle', actions: release('completed') },
        // The port failed to go off-hook for an answer (§4.4): the call is released.
        'fxo.seizeFailed': {
          target: '#line.settling',
          actions: [refuseConnected('failed'), 'seizeFailCause', release('failed')],
        },
      },
    },

    /** Nobody connected, at least one holder; the far end hears music (§8). */
    held: {
      initial: 'waiting',
      entry: 'enterHold',
      exit: 'leaveHold',
      on: {
        ...callCommon,
        ...ringWhileBusy,
        lineKey: [
          { guard: 'isHolder', target: 'connected', actions: 'resumeNewLeg' },
          { guard: 'privateHold', actions: refuseStation('private') },
          { target: 'connected', actions: 'pickUp' },
        ],
        resume: { guard: 'isHolder', target: 'connected', actions: 'resumeSameLeg' },
        hold: { guard: 'exclusiveByHolder', actions: 'makePrivate' },
        hangup: [
          { guard: 'lastHolder', target: '#line.idle', actions: release('completed') },
          { guard: 'isHolder', actions: 'endHold' },
        ],
        'fxo.disconnect': { target: '#line.idle', actions: release('completed') },
        ...lateAnswer,
      },
      states: {
        /** Counting from held-since towards recall (`holdRecall`/`privateHoldRecall`) and drop. */
        waiting: {
          on: {
            timer: [
              { guard: 'dropDue', target: '#line.idle', actions: release('dropped-on-hold') },
              { guard: 'recallDue', target: 'recall' },
            ],
          },
        },
        /** The holders are recalled; after `recallTimeout` everyone is (§8.6). */
        recall: {
          entry: 'startRecall',
          on: {
            timer: [
              { guard: 'dropDue', target: '#line.idle', actions: release('dropped-on-hold') },
              { guard: 'escalateDue', target: 'escalated' },
              { actions: 'tickEntries' },
            ],
            answer: [
              { guard: 'isHolder', target: '#line.connected', actions: 'resumeNewLeg' },
              { actions: refuseStation('lost-race') },
            ],
            decline: { guard: 'callMatches', actions: 'declineAlert' },
            alertFailed: { guard: 'callMatches', actions: 'alertFailed' },
            reachable: { actions: 'retryAlertNow' },
          },
        },
        /** The hold is open now; every ringing appearance gets a recall alert. */
        escalated: {
          entry: 'escalateRecall',
          on: {
            timer: [
              { guard: 'dropDue', target: '#line.idle', actions: release('dropped-on-hold') },
              { actions: 'tickEntries' },
            ],
            answer: [
              { guard: 'isHolder', target: '#line.connected', actions: 'resumeNewLeg' },
              { guard: 'hasRecallEntry', target: '#line.connected', actions: 'pickUp' },
              { actions: refuseStation('lost-race') },
            ],
            decline: { guard: 'callMatches', actions: 'declineAlert' },
            alertFailed: { guard: 'callMatches', actions: 'alertFailed' },
            reachable: { actions: 'retryAlertNow' },
          },
        },
      },
    },

    /** Bridged to the no-answer forward target; a station may take the call back (§7.1, S46). */
    forwarded: {
      on: {
        ...callCommon,
        ...ringWhileBusy,
        lineKey: [
          { guard: 'bargeAllowed', target: 'connected', actions: 'takeOver' },
          { actions: refuseStation('busy') },
        ],
        ...lateAnswer,
        'forward.ended': { target: 'idle', actions: ['forwardGone', release('completed')] },
        'fxo.disconnect': { target: 'idle', actions: release('completed') },
      },
    },
  },
});

export type LineMachine = typeof lineMachine;
