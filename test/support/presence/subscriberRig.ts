import { testCore } from '../../../src/sip/blf/testing/testCore.js';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { PeeredTransport } from '../PeeredTransport.js';
import type { Lamp } from '../../../src/core/lamp.js';
import { RecordingLog } from '../../../src/sip/transport/testing/recordingLog.js';
import { PresenceSubscriber } from '../../../src/sip/presence/PresenceSubscriber.js';
import type { RemoteLineDef } from '../../../src/sip/presence/PresenceSubscriber.js';
import type { SubscribePolicy } from '../../../src/sip/presence/SubscribePolicy.js';
import { FakeDialogServer } from './FakeDialogServer.js';

export const A1 = 'sip:line1@a.example.net';
export const A2 = 'sip:line2@a.example.net';
export const PROBE = 'sip:line1@b.example.net';

/**
 * A `PresenceSubscriber` on a sip.js core joined by a peered transport to a `FakeDialogServer`
 * (STYLE.md 11), on a simulated clock; `lamps` records every lamp change per remote line. Test support.
 */
export function subscriberRig(o: { lines?: RemoteLineDef[]; probe?: string | null; policy?: Partial<SubscribePolicy> } = {}) {
  const clock = new SimulatedClock(0);
  const [a, b] = PeeredTransport.pair({ clock });
  const core = testCore(a, { user: 'keyline', host: 'b.example.net', delegate: { onNotify: (uas) => uas.reject({ statusCode: 481 }) } });
  const server = new FakeDialogServer(b);
  const log = new RecordingLog();
  const lamps = new Map<string, Lamp[]>();
  let serverLost = 0;
  const subscriber = new PresenceSubscriber({
    core, routeSet: ['<sip:127.0.0.1:5070;transport=tcp;lr>'], clock, log, random: () => 0.5,
    lines: o.lines ?? [{ id: 'a-line1', uri: A1, label: 'A/line1' }],
    probe: o.probe === undefined ? PROBE : o.probe,
    changed: (id, lamp) => lamps.set(id, [...(lamps.get(id) ?? []), lamp]),
    serverLost: () => { serverLost++; },
    ...(o.policy ? { policy: o.policy } : {}),
  });
  return {
    clock, a, b, core, server, log, lamps, subscriber,
    get serverLost() { return serverLost; },
    last(id = 'a-line1'): Lamp | undefined {
      return lamps.get(id)?.at(-1);
    },
    dispose(): void {
      core.dispose();
    },
  };
}
