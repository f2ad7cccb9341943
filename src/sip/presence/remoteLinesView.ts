import type { Lamp } from '../../core/lamp.js';
import type { LineCall, LineContext } from '../../core/lineContext.js';
import { DEFAULT_GENERAL_OPTIONS, DEFAULT_LINE_OPTIONS } from '../../core/options.js';
import type { LineDef } from '../../core/options.js';
import type { LineStateName } from '../../core/status.js';
import type { DialogInfoView } from '../blf/DialogInfoView.js';
import type { SipSystemView } from '../SipService.js';

/** Where remote lines' lamps and BLF views come from (structurally `PresenceSubscriber`). */
export interface RemoteLineSource {
  lamp(id: string): Lamp | null;
  view(id: string, domain: string): DialogInfoView | null;
}

/**
 * The SIP layer's view of the key system with the remote lines added for the BLF notifier only
 * (lamps.md §4.1: "remote lines are served from keyline's own subscriptions with the remote
 * mapping"). A phone subscribing to `sip:<remote id>@<domain>` (or `<station>_<remote id>`) is
 * answered from the subscriber's state; every viewer sees the same lamp, never "mine".
 *
 * Remote lines are NOT in `lineIds()`: nothing but a BLF subscription can name one (an INVITE to
 * it is no line key, SCA does not list it). For them `lineDef` and `lineContext` hold just what a
 * dialog-info body reads (label, caller-ID switch, call handle); `source()` is null until the
 * presence service runs, and then every remote lamp is `unknown`.
 */
export function remoteLinesView(base: SipSystemView, lines: ReadonlyArray<{ id: string; label: string }>, domain: string, source: () => RemoteLineSource | null): SipSystemView {
  const labels = new Map(lines.map((l) => [l.id, l.label]));
  const view = (id: string): DialogInfoView | null => {
    const label = labels.get(id);
    if (label === undefined) return null;
    return source()?.view(id, domain) ?? { line: id, label, domain, lamp: 'unknown', call: null, lastSeq: 0, lineSeizing: false, callerIdOn: false };
  };
  return {
    station: (id) => base.station(id),
    lineIds: () => base.lineIds(),
    stationIds: () => base.stationIds(),
    lineDef: (id) => {
      const v = labels.has(id) ? view(id) : null;
      return v === null ? base.lineDef(id) : remoteDef(v);
    },
    lineState: (id): LineStateName | undefined => (labels.has(id) ? 'idle' : base.lineState(id)),
    lineContext: (id) => {
      const v = labels.has(id) ? view(id) : null;
      return v === null ? base.lineContext(id) : remoteContext(v);
    },
    lamp: (station, id) => (labels.has(id) ? (source()?.lamp(id) ?? 'unknown') : base.lamp(station, id)),
  };
}

function remoteDef(v: DialogInfoView): LineDef {
  return { id: v.line, label: v.label, port: '', options: { ...DEFAULT_LINE_OPTIONS, callerId: v.callerIdOn } };
}

/** A line context with only the parts a dialog-info body reads filled in from the remote view. */
function remoteContext(v: DialogInfoView): LineContext {
  const def = remoteDef(v);
  const c = v.call;
  const call: LineCall | null = c === null ? null : {
    id: `${v.line}-${c.seq}`, seq: c.seq, direction: c.direction, callerId: c.callerId, callerIdReady: true, digits: c.digits, glare: false,
    t0: 0, answeredAt: null, answeredBy: null, opts: def.options, connected: [], holders: [], seizer: null, ring: new Map(),
    offHookSentAt: null, offHookConfirmed: false, heldSince: null, recallStartedAt: null, forwardLeg: false, outcomeHint: null, steps: [],
  };
  return {
    def, appearances: [], general: DEFAULT_GENERAL_OPTIONS, dialToneDetect: false, seq: v.lastSeq, portReady: true, battery: true,
    onHookAt: null, portCommanded: 'on', call,
  };
}
