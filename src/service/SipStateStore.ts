import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic.js';
import type { SubscriptionRecord } from '../sip/blf/index.js';
import type { SavedBinding } from '../sip/registrar/index.js';

export interface SipState {
  subscriptions: SubscriptionRecord[];
  bindings: SavedBinding[];
}

/**
 * What the SIP side needs to come back from a restart without the phones noticing (sla.md §12,
 * S44), in the state directory as `sip-state.json`, written atomically:
 * - the registrations: phones believe they are registered until expiry, so a keyline that forgot
 *   them could not ring them for up to an hour;
 * - the BLF subscriptions' dialogs: each gets a full-state NOTIFY at once instead of the phone
 *   waiting to resubscribe.
 * Lifetimes are kept as "left at save time" plus the wall-clock save instant, and shortened by the
 * downtime on load. Between two saves NOTIFYs go on and raise each dialog's CSeq; a resumed dialog
 * must not go below what the phone last saw (it would answer 500), so `load` adds `CSEQ_MARGIN`:
 * CSeq numbers only need to grow (RFC 3261 §12.2.1.1), not by one.
 */
export class SipStateStore {
  static readonly CSEQ_MARGIN = 1000;
  private readonly file: string;

  constructor(dir: string, private readonly wallNow: () => number = Date.now) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    this.file = join(dir, 'sip-state.json');
  }

  load(): SipState {
    let data: { savedAt?: unknown; subscriptions?: unknown; bindings?: unknown };
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8')) as typeof data;
    } catch {
      return { subscriptions: [], bindings: [] };
    }
    const down = typeof data.savedAt === 'number' ? Math.max(0, this.wallNow() - data.savedAt) : Infinity;
    const subscriptions = (Array.isArray(data.subscriptions) ? data.subscriptions : [])
      .filter((r): r is SubscriptionRecord => isObject(r) && typeof r.line === 'string' && isObject(r.dialog))
      .map((r) => ({ ...r, dialog: { ...r.dialog, localSeq: (r.dialog.localSeq ?? 0) + SipStateStore.CSEQ_MARGIN } }));
    const bindings = (Array.isArray(data.bindings) ? data.bindings : [])
      .filter((b): b is SavedBinding => isObject(b) && typeof b.station === 'string' && typeof b.contact === 'string' && typeof b.remainingMs === 'number' && isObject(b.flow))
      .map((b) => ({ ...b, remainingMs: b.remainingMs - down }))
      .filter((b) => b.remainingMs > 0);
    return { subscriptions, bindings };
  }

  save(state: SipState): void {
    writeFileAtomic(this.file, JSON.stringify({ savedAt: this.wallNow(), ...state }));
  }
}

function isObject(v: unknown): v is Record<string, unknown> & object {
  return typeof v === 'object' && v !== null;
}
