import { describe, expect, it } from 'vitest';
import type { Transport } from 'sip.js';
import type { Flow } from '../types.js';
import { dialogInfoBody } from './dialogInfoBody.js';
import { NotifierDialog } from './NotifierDialog.js';
import type { NotifyTransport } from './NotifyTransport.js';
import type { NotifyOutcome } from './notifyOutcome.js';
import type { DialogRecord } from './SubscriptionRecord.js';
import { idleView } from './testing/blfRig.js';
import { testCore } from './testing/testCore.js';

/** A sip.js transport that keeps what it is handed. */
function capturing(): Transport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent, protocol: 'UDP', onMessage: undefined,
    send: (m: string) => { sent.push(m); return Promise.resolve(); },
  } as unknown as Transport & { sent: string[] };
}

/** A NotifyTransport that keeps each own request and lets the test answer it. */
function own(route: Flow | undefined) {
  const sent: Array<{ text: string; flow: Flow; branch: string; method: string; done: (s: number) => void }> = [];
  const hops: string[] = [];
  const t: NotifyTransport = {
    local: { host: '192.0.2.10', port: 5070 },
    udpRoute: (hop) => { hops.push(hop); return route; },
    sendOwnRequest: (text, flow, branch, method, done) => { sent.push({ text, flow, branch, method, done }); },
  };
  return { t, sent, hops };
}

const record: DialogRecord = {
  callId: 'abc@phone', localTag: 'kl1', remoteTag: 'ph9', localSeq: 6, remoteSeq: 2,
  localUri: 'sip:line1@keyline.test', remoteUri: 'sip:1001@keyline.test',
  remoteTarget: 'sip:1001@192.0.2.20:5062;transport=udp', routeSet: ['<sip:proxy.test;lr>', '<sip:p2.test;lr>'],
};

const phone: Flow = { proto: 'UDP', address: '192.0.2.20', port: 5062 };

function withoutVia(text: string): string {
  return text.split('\r\n').filter((l) => !l.startsWith('Via: ')).join('\r\n');
}

describe('NotifierDialog fast path (own client transaction over UDP)', () => {
  it('writes the NOTIFY sip.js writes (Route set, To/From tags, CSeq, Contact, state, body), with our host:port and its branch in Via', () => {
    const body = dialogInfoBody(idleView(), 3);
    const viaSipjs = capturing();
    const plain = NotifierDialog.resume(testCore(viaSipjs, { user: 'keyline', host: 'keyline.test' }), record, 'dialog')!;
    plain.send('active;expires=540', body, () => undefined);
    const fast = own(phone);
    const direct = NotifierDialog.resume(testCore(capturing(), { user: 'keyline', host: 'keyline.test' }), record, 'dialog', fast.t)!;
    direct.send('active;expires=540', body, () => undefined);

    expect(viaSipjs.sent).toHaveLength(1);
    expect(fast.sent).toHaveLength(1);
    const out = fast.sent[0]!;
    expect(fast.hops).toEqual(['sip:proxy.test;lr']);
    expect(out).toMatchObject({ flow: phone, method: 'NOTIFY' });
    expect(out.branch).toMatch(/^z9hG4bK[0-9a-z]+$/);
    expect(out.text).toContain(`\r\nVia: SIP/2.0/UDP 192.0.2.10:5070;branch=${out.branch}\r\n`);
    expect(withoutVia(out.text)).toBe(withoutVia(viaSipjs.sent[0]!));
    expect(out.text).toContain('\r\nCSeq: 7 NOTIFY\r\n');
    expect(out.text.endsWith(`\r\n\r\n${body}`)).toBe(true);
  });

  it('CSeq goes up by one per NOTIFY on both paths (the dialog\'s), branches differ, and no body is Content-Length 0', () => {
    const fast = own(phone);
    const viaSipjs = capturing();
    const d = NotifierDialog.resume(testCore(viaSipjs, { user: 'keyline', host: 'keyline.test' }), { ...record, routeSet: [] }, 'dialog', fast.t)!;
    d.send('active;expires=10', null, () => undefined);
    d.send('active;expires=9', null, () => undefined);
    expect(fast.hops).toEqual(['sip:1001@192.0.2.20:5062;transport=udp', 'sip:1001@192.0.2.20:5062;transport=udp']);
    expect(fast.sent.map((s) => /CSeq: (\d+)/.exec(s.text)?.[1])).toEqual(['7', '8']);
    expect(fast.sent[0]!.branch).not.toBe(fast.sent[1]!.branch);
    expect(fast.sent[0]!.text.startsWith('NOTIFY sip:1001@192.0.2.20:5062;transport=udp SIP/2.0\r\nVia: ')).toBe(true);
    expect(fast.sent[0]!.text.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
    expect(fast.sent[0]!.text).not.toContain('Content-Type');
    // No UDP route known at once (TCP, a name): sip.js sends it, with the next CSeq.
    const noRoute = own(undefined);
    const e = NotifierDialog.resume(testCore(viaSipjs, { user: 'keyline', host: 'keyline.test' }), { ...record, routeSet: [] }, 'dialog', noRoute.t)!;
    e.send('active;expires=10', null, () => undefined);
    expect(noRoute.sent).toHaveLength(0);
    expect(viaSipjs.sent.at(-1)).toContain('\r\nCSeq: 7 NOTIFY\r\n');
  });

  it('the final status becomes the outcome: 200 ok, 481 gone, 408 timeout, 503 failed', () => {
    const fast = own(phone);
    const d = NotifierDialog.resume(testCore(capturing(), { user: 'keyline', host: 'keyline.test' }), record, 'dialog', fast.t)!;
    const outcomes: NotifyOutcome[] = [];
    for (let i = 0; i < 4; i++) d.send('active;expires=10', null, (o) => outcomes.push(o));
    [200, 481, 408, 503].forEach((s, i) => fast.sent[i]!.done(s));
    expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'gone', 'timeout', 'failed']);
  });
});
