import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SubscriptionRecord } from '../sip/blf/index.js';
import type { SavedBinding } from '../sip/registrar/index.js';
import { SipStateStore } from './SipStateStore.js';

const binding: SavedBinding = {
  station: 'office', contact: 'sip:office@10.0.0.5:5060', flow: { proto: 'UDP', address: '10.0.0.5', port: 5060 },
  expiresAt: 0, callId: 'c1', cseq: 4, remainingMs: 60_000,
};
const subscription: SubscriptionRecord = {
  subscriber: 'office', viewer: 'office', line: 'line1', event: 'dialog', nextVersion: 7, expiresAtWall: 0,
  dialog: { callId: 'd1', localTag: 'a', remoteTag: 'b', localSeq: 12, remoteSeq: 3, localUri: 'sip:line1@x', remoteUri: 'sip:office@x', remoteTarget: 'sip:office@10.0.0.5', routeSet: [] },
};

describe('SipStateStore', () => {
  it('shortens lifetimes by the downtime, drops expired bindings, and raises each dialog CSeq by the margin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyline-sipstate-'));
    let wall = 1_000_000;
    const store = new SipStateStore(dir, () => wall);
    store.save({ subscriptions: [subscription], bindings: [binding, { ...binding, contact: 'sip:office@10.0.0.6', remainingMs: 5000 }] });
    wall += 20_000;
    const back = store.load();
    expect(back.bindings.map((b) => [b.contact, b.remainingMs])).toEqual([['sip:office@10.0.0.5:5060', 40_000]]);
    expect(back.subscriptions[0]?.dialog.localSeq).toBe(12 + SipStateStore.CSEQ_MARGIN);
    expect(back.subscriptions[0]?.nextVersion).toBe(7);
  });

  it('reads a missing or garbage file as empty state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyline-sipstate-'));
    expect(new SipStateStore(dir).load()).toEqual({ subscriptions: [], bindings: [] });
    writeFileSync(join(dir, 'sip-state.json'), '{"savedAt": 1, "bindings": [42, {"station": 1}], "subscriptions": "x"}');
    expect(new SipStateStore(dir).load()).toEqual({ subscriptions: [], bindings: [] });
    writeFileSync(join(dir, 'sip-state.json'), '{ torn');
    expect(new SipStateStore(dir).load()).toEqual({ subscriptions: [], bindings: [] });
  });
});
