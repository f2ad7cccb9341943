import { recallDelay } from './callOps.js';
import type { LineContext } from './lineContext.js';
import { earliest, entriesDeadline } from './ringEntries.js';
import type { Instant } from './time.js';

export interface Deadline {
  t: Instant;
  /** Ends something (ring timeout, window close, seizure timeout, drop): fires first at one instant (§3.1). */
  ends: boolean;
}

/**
 * The next instant at which this line changes by itself, or null: the key system keeps exactly one
 * timer per line at this instant. Idle and out-of-service lines have none (sla.md §3.4, 5): the
 * on-hook guard is a comparison made when a seizure starts, not a running timer.
 */
export function lineDeadline(state: string, ctx: LineContext): Deadline | null {
  const call = ctx.call;
  if (!call) return null;
  const o = call.opts;

  switch (state) {
    case 'ringing.active':
      return earliest([
        o.ringTimeout > 0 ? { t: call.t0 + o.ringTimeout, ends: true } : null,
        !call.callerIdReady ? { t: call.t0 + o.callerIdWait, ends: false } : null,
        entriesDeadline(call.ring),
      ]);
    case 'seizing.guard':
      return ctx.onHookAt === null ? { t: call.t0, ends: false } : { t: ctx.onHookAt + ctx.def.options.onHookGuard, ends: false };
    case 'seizing.dialling':
      return o.seizeTimeout > 0 && call.offHookSentAt !== null ? { t: call.offHookSentAt + o.seizeTimeout, ends: true } : null;
    case 'held.waiting': {
      const r = recallDelay(call);
      const since = call.heldSince ?? call.t0;
      return earliest([
        r > 0 ? { t: since + r, ends: false } : null,
        o.holdDropAfter > 0 ? { t: since + o.holdDropAfter, ends: true } : null,
      ]);
    }
    case 'held.recall':
    case 'held.escalated': {
      const since = call.heldSince ?? call.t0;
      const escalate = state === 'held.recall' && o.recallTimeout > 0 && call.recallStartedAt !== null;
      return earliest([
        escalate ? { t: (call.recallStartedAt ?? 0) + o.recallTimeout, ends: false } : null,
        o.holdDropAfter > 0 ? { t: since + o.holdDropAfter, ends: true } : null,
        entriesDeadline(call.ring),
      ]);
    }
    default:
      return null;
  }
}
