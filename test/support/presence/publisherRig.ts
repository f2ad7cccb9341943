import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { PeeredTransport } from '../PeeredTransport.js';
import type { DialogInfoView } from '../../../src/sip/blf/DialogInfoView.js';
import { RecordingLog } from '../../../src/sip/transport/testing/recordingLog.js';
import { PresencePublisher } from '../../../src/sip/presence/PresencePublisher.js';
import type { PublicationRecord, PublicationStore } from '../../../src/sip/presence/PublicationRecord.js';
import type { PublishPolicy } from '../../../src/sip/presence/PublishPolicy.js';
import { sipPublishSender } from '../../../src/sip/presence/PublishSender.js';
import { FakePresenceServer } from './FakePresenceServer.js';
import { publisherCore } from './publisherCore.js';

export const DOMAIN = 'branch7.example.net';

const call = { seq: 42, direction: 'in' as const, callerId: { number: '5551234', name: 'DOE JOHN' }, digits: '' };
const base: DialogInfoView = { line: 'line1', label: 'Main', domain: DOMAIN, lamp: 'idle', call: null, lastSeq: 41, lineSeizing: false, callerIdOn: true };

/** line1 as an outsider sees it through a call: seq 42, caller DOE JOHN. */
export const VIEWS = {
  idle: (line = 'line1', lastSeq = 42): DialogInfoView => ({ ...base, line, lastSeq }),
  ringing: (line = 'line1', seq = 42): DialogInfoView => ({ ...base, line, lamp: 'ringing-not-here', call: { ...call, seq }, lastSeq: seq }),
  inUse: (line = 'line1', seq = 42): DialogInfoView => ({ ...base, line, lamp: 'in-use-other', call: { ...call, seq }, lastSeq: seq }),
  held: (line = 'line1', seq = 42): DialogInfoView => ({ ...base, line, lamp: 'held-other', call: { ...call, seq }, lastSeq: seq }),
};

/** A store in memory, as the state directory would keep it. */
export class MemoryStore implements PublicationStore {
  records: PublicationRecord[] = [];
  saves = 0;
  load(): PublicationRecord[] {
    return this.records.map((r) => ({ ...r }));
  }
  save(records: PublicationRecord[]): void {
    this.saves++;
    this.records = records.map((r) => ({ ...r }));
  }
}

export interface PublisherRigOptions {
  credentials?: { username: string; password: string };
  policy?: Partial<PublishPolicy>;
  store?: MemoryStore;
  clock?: SimulatedClock;
}

/**
 * A `PresencePublisher` on a sip.js core joined by a peered transport to a `FakePresenceServer`
 * (STYLE.md 11), on a simulated clock. `set()` changes a line's view and tells the publisher, as
 * the composition root does on a lamp change. Test support.
 */
export function publisherRig(o: PublisherRigOptions = {}) {
  const clock = o.clock ?? new SimulatedClock(0);
  const [a, b] = PeeredTransport.pair({ clock });
  const core = publisherCore(a, o.credentials);
  const server = new FakePresenceServer(b);
  const log = new RecordingLog();
  const store = o.store ?? new MemoryStore();
  const views = new Map<string, DialogInfoView>();
  const publisher = new PresencePublisher({
    send: sipPublishSender(core, ['<sip:127.0.0.1:5070;transport=tcp;lr>'], log), domain: DOMAIN, view: (l) => views.get(l) ?? null,
    clock, log, expires: 600_000, store, random: () => 0.5, server: '127.0.0.1:5070;transport=tcp', ...(o.policy ? { policy: o.policy } : {}),
  });
  return {
    clock, a, b, core, server, log, store, publisher,
    set(view: DialogInfoView): void {
      views.set(view.line, view);
      publisher.lineChanged(view.line);
    },
    /** Views without telling the publisher (the state before a start). */
    views,
    dispose(): void {
      core.dispose();
    },
  };
}

export type PublisherRig = ReturnType<typeof publisherRig>;
