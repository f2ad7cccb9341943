import type { Clock } from '../../hal/contracts/index.js';
import type { CoreEvent } from '../core/events.js';
import type { KeySystemEffects, LampChange } from '../core/effects.js';
import type { CallLog } from './CallLog.js';
import type { CounterStore } from './CounterStore.js';
import type { Logger } from './Logger.js';
import { wallTime } from './MonotonicClock.js';
import type { PortBridge } from './PortBridge.js';

export interface EffectDeps {
  clock: Clock;
  log: Logger;
  bridges: ReadonlyMap<string, PortBridge>;
  counters: CounterStore;
  callLog: CallLog;
  lamp: (change: LampChange) => void;
  /** Stations whose alerts cannot be delivered now (detached simulated stations, SIP phones without SIP). */
  undeliverable: (station: string) => boolean;
  /** Events the effects feed back (a failed alert, a failed forward); delivered after the current step. */
  dispatch: (ev: CoreEvent) => void;
}

/**
 * The core's effects at the composition root (STYLE.md 7): ports, panels, the call log and the
 * journal. Audio, music, tones and the forward leg belong to the media and SIP issues; until they
 * exist they are logged, and a forward fails at once so the line falls back to `unanswered`.
 */
export function serviceEffects(d: EffectDeps): KeySystemEffects {
  const { log } = d;
  const later = (ev: CoreEvent) => queueMicrotask(() => d.dispatch(ev));
  const wall = (t: number) => wallTime(d.clock, t);
  const port = (line: string) => d.bridges.get(line);
  const fx: KeySystemEffects = {
    portOffHook: (line) => {
      log.log('info', 'core', { line, effect: 'port-off-hook' });
      port(line)?.offHook();
    },
    portOnHook: (line) => {
      log.log('info', 'core', { line, effect: 'port-on-hook' });
      void port(line)?.onHook();
    },
    portDial: (line, digits) => {
      log.log('info', 'core', { line, effect: 'dial', digits });
      port(line)?.dial(digits);
    },
    alertStart: (a) => {
      log.log('info', 'core', { line: a.line, station: a.station, effect: 'alert-start', call: a.call, kind: a.kind, number: a.callerId?.number ?? a.callerId?.withheld, name: a.callerId?.name });
      if (d.undeliverable(a.station)) later({ type: 'station.alertFailed', station: a.station, line: a.line, call: a.call, t: d.clock.now() });
    },
    alertStop: (a) => log.log('debug', 'core', { line: a.line, station: a.station, effect: 'alert-stop', call: a.call }),
    audioConnect: (station, line) => log.log('info', 'core', { line, station, effect: 'audio-connect' }),
    audioDisconnect: (station, line) => log.log('debug', 'core', { line, station, effect: 'audio-disconnect' }),
    legEnd: (station, line) => log.log('info', 'core', { line, station, effect: 'leg-end' }),
    refuse: (station, reason, line) => log.log('info', 'core', { line, station, effect: 'refused', reason }),
    toneJoin: (line) => log.log('info', 'core', { line, effect: 'join-tone' }),
    mohStart: (line, source) => log.log('info', 'core', { line, effect: 'music-on-hold', source }),
    mohStop: (line) => log.log('debug', 'core', { line, effect: 'music-stop' }),
    forwardStart: (line, target) => {
      log.log('warning', 'core', { line, effect: 'forward', target, result: 'failed', reason: 'SIP is not available in this build' });
      later({ type: 'forward.failed', line, t: d.clock.now() });
    },
    forwardEnd: (line) => log.log('debug', 'core', { line, effect: 'forward-end' }),
    lamp: (change) => {
      log.log('debug', 'lamp', { line: change.line, station: change.station ?? '-', lamp: change.lamp ?? 'none' });
      d.lamp(change);
    },
    callStarted: (r) => {
      d.counters.set(r.line, r.seq);
      d.callLog.started(r, wall);
      log.log('info', 'call', { id: r.id, event: 'start', direction: r.direction });
    },
    callEnded: (r) => {
      d.callLog.ended(r, wall);
      log.log('info', 'call', { id: r.id, event: 'end', outcome: r.outcome, answeredBy: r.answeredBy });
    },
    note: (n) => log.log('notice', 'core', { line: n.line, station: n.station, event: n.event, detail: n.detail }),
  };
  return fx;
}
