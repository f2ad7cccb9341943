import type { Transport } from 'sip.js';
import type { SipClock, SipLogLevel } from '../../types.js';
import type { DialogInfoView } from '../DialogInfoView.js';
import { Notifier } from '../Notifier.js';
import type { ExpiresBounds, NotifyFailurePolicy } from '../NotifierPolicy.js';
import { TestPhone } from './TestPhone.js';
import { testCore } from './testCore.js';

export const DOMAIN = 'branch7.example.net';

/** A log line as the rig records it. */
export interface RigLog {
  level: SipLogLevel;
  fields: Record<string, unknown>;
}

export interface BlfRig {
  notifier: Notifier;
  phone: TestPhone;
  logs: RigLog[];
  /** The authenticated station the next SUBSCRIBE comes from (null: unknown). */
  subscriber: string | null;
  /** Sets the view of (viewer, line) and tells the notifier, as the composition root does. */
  set(viewer: string | null, line: string, change: Partial<DialogInfoView>): void;
  /** Removes the view: the line or the appearance is gone. */
  remove(viewer: string | null, line: string): void;
  /**
   * A keyline restart: the notifier and its core are dropped without a NOTIFY and new ones take
   * the same transport end; the phone keeps its dialogs. `rig.notifier` is the new one.
   */
  restart(o?: { wallNow?: () => number }): Notifier;
  dispose(): void;
}

export interface BlfRigOptions {
  clock: SipClock;
  expires?: ExpiresBounds;
  failures?: NotifyFailurePolicy;
  wallNow?: () => number;
}

/** line1 "Main", idle after call 41, as anyone sees it. */
export function idleView(line = 'line1'): DialogInfoView {
  return { line, label: 'Main', domain: DOMAIN, lamp: 'idle', call: null, lastSeq: 41, lineSeizing: false, callerIdOn: true };
}

export const RINGING: Partial<DialogInfoView> = {
  lamp: 'ringing-here', lastSeq: 42,
  call: { seq: 42, direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' }, digits: '' },
};

/**
 * A notifier and a phone on two sip.js cores joined by `pair` (the notifier's end first), with
 * views for stations A, B and outsiders of line1 and line2, and the Asterisk-style resource
 * names: `<station>_<line>` and `<line>`. Test support.
 */
export function blfRig(pair: [Transport, Transport], o: BlfRigOptions): BlfRig {
  const views = new Map<string, DialogInfoView>();
  const key = (viewer: string | null, line: string) => `${viewer ?? '-'}|${line}`;
  for (const line of ['line1', 'line2']) for (const v of ['A', 'B', null]) views.set(key(v, line), idleView(line));
  const logs: RigLog[] = [];
  const phoneCore = testCore(pair[1], { user: 'phone-b', host: 'phone-b.test' });

  const start = (wallNow: (() => number) | undefined) => {
    const core = testCore(pair[0], { user: 'keyline', host: 'keyline.test', anyRequestUri: true });
    const notifier = new Notifier({
      core,
      clock: o.clock,
      log: { log: (level, _component, fields) => logs.push({ level, fields }) },
      resolve: (user, subscriber) => {
        const sep = user.indexOf('_');
        const r = sep > 0 ? { viewer: user.slice(0, sep), line: user.slice(sep + 1) } : { viewer: subscriber, line: user };
        return views.has(key(r.viewer, r.line)) ? r : null;
      },
      view: (viewer, line) => views.get(key(viewer, line)) ?? null,
      expires: o.expires,
      failures: o.failures,
      wallNow,
    });
    core.delegate = { onSubscribe: (request) => notifier.onSubscribe(request, rig.subscriber) };
    return { core, notifier };
  };

  let side = start(o.wallNow);
  const rig: BlfRig = {
    get notifier() {
      return side.notifier;
    },
    phone: new TestPhone(phoneCore, 'keyline.test'),
    logs,
    subscriber: 'B',
    set(viewer, line, change) {
      const now = views.get(key(viewer, line)) ?? idleView(line);
      views.set(key(viewer, line), { ...now, ...change });
      side.notifier.notifyChanged(viewer, line);
    },
    remove(viewer, line) {
      views.delete(key(viewer, line));
      side.notifier.notifyChanged(viewer, line);
    },
    restart(r = {}) {
      side.notifier.dispose();
      side.core.dispose();
      side = start(r.wallNow);
      return side.notifier;
    },
    dispose() {
      side.notifier.dispose();
      side.core.dispose();
      phoneCore.dispose();
    },
  };
  return rig;
}
