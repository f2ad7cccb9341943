import { describe, expect, it } from 'vitest';
import type { Flow } from '../types.js';
import { frameDatagram } from './frameDatagram.js';
import { requestTarget } from './requestTarget.js';
import { responseTarget } from './responseTarget.js';
import { rewriteViaIncoming, rewriteViaOutgoing } from './rewriteVia.js';
import { parseHead } from './SipHead.js';
import type { RequestHead, SipHead } from './SipHead.js';
import { stampReceived } from './stampReceived.js';
import { request, responseTo } from './testing/sipText.js';
import { topViaOf } from './ViaValue.js';
import type { TopVia } from './ViaValue.js';
import { withTcpContact } from './withTcpContact.js';

const self = { host: '127.0.0.1', port: 5070 };
const udp = (address: string, port: number): Flow => ({ proto: 'UDP', address, port });

function head(text: string): SipHead {
  const h = parseHead(text);
  if ('error' in h) throw new Error(h.error);
  return h;
}
const top = (text: string): TopVia => topViaOf(head(text))!;
const req = (text: string) => head(text) as RequestHead;
const via = (text: string) => text.split('\r\n').find((l) => l.startsWith('Via:'));

describe('received and rport (RFC 3261 §18.2.1, RFC 3581)', () => {
  it('fills rport and adds received when rport was asked for', () => {
    const text = request({ via: 'SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK1;rport' });
    expect(via(stampReceived(text, top(text), udp('192.0.2.7', 40000)))).toBe('Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK1;rport=40000;received=192.0.2.7');
  });
  it('adds received only when the sent-by host differs from the source', () => {
    const same = request({ via: 'SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1' });
    expect(stampReceived(same, top(same), udp('192.0.2.7', 5060))).toBe(same);
    const other = request({ via: 'SIP/2.0/UDP phone.local;branch=z9hG4bK1' });
    expect(via(stampReceived(other, top(other), udp('192.0.2.7', 5060)))).toBe('Via: SIP/2.0/UDP phone.local;branch=z9hG4bK1;received=192.0.2.7');
  });
  it('replaces a received the client wrote itself', () => {
    const forged = request({ via: 'SIP/2.0/UDP 192.0.2.7;received=evil.example;branch=z9hG4bK1' });
    expect(via(stampReceived(forged, top(forged), udp('192.0.2.7', 5060)))).toBe('Via: SIP/2.0/UDP 192.0.2.7;received=192.0.2.7;branch=z9hG4bK1');
  });
});

describe('Via sent-by rewrite', () => {
  it('puts the real transport and our port on the way out and takes them off on the way back', () => {
    const sipjs = request({ via: 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK77;rport' });
    const out = rewriteViaOutgoing(sipjs, top(sipjs), 'TCP', self);
    expect(via(out)).toBe('Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK77;rport');
    const answer = responseTo(stampReceived(out, top(out), udp('127.0.0.1', 5070)), 200);
    expect(via(rewriteViaIncoming(answer, top(answer), self, 'UDP')!)).toBe('Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK77;rport=5070;received=127.0.0.1');
  });
  it('refuses a response whose top Via is not ours (§18.1.2)', () => {
    const foreign = responseTo(request({ via: 'SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK1' }), 200);
    expect(rewriteViaIncoming(foreign, top(foreign), self, 'UDP')).toBeUndefined();
  });
});

describe('next hop of a request', () => {
  it('follows the top Route, else the Request-URI with its transport', () => {
    expect(requestTarget(req(request({ uri: 'sip:1001@10.0.0.5:5080;transport=tcp' })))).toEqual({ host: '10.0.0.5', port: 5080, proto: 'TCP' });
    expect(requestTarget(req(request({ uri: 'sip:1001@10.0.0.5', extra: ['Route: <sip:10.0.0.1:5090;lr>', 'Route: <sip:10.9.9.9;lr>'] }))))
      .toEqual({ host: '10.0.0.1', port: 5090, proto: undefined });
  });
  it('refuses sips and unknown transports', () => {
    expect(requestTarget(req(request({ uri: 'sips:1001@10.0.0.5' })))).toHaveProperty('error');
    expect(requestTarget(req(request({ uri: 'sip:1001@10.0.0.5;transport=sctp' })))).toHaveProperty('error');
  });
});

describe('destination of a response (§18.2.2)', () => {
  it('uses received and rport, else sent-by, else 5060', () => {
    expect(responseTarget(top(request({ via: 'SIP/2.0/UDP h:5062;branch=z9hG4bK1;rport=40000;received=192.0.2.7' }))))
      .toEqual({ proto: 'UDP', host: '192.0.2.7', port: 40000, sentByPort: 5062 });
    expect(responseTarget(top(request({ via: 'SIP/2.0/TCP 10.0.0.3;branch=z9hG4bK1' }))))
      .toEqual({ proto: 'TCP', host: '10.0.0.3', port: 5060, sentByPort: 5060 });
    expect(responseTarget(top(request({ via: 'SIP/2.0/TLS 10.0.0.3;branch=z9hG4bK1' })))).toHaveProperty('error');
  });
});

describe('Contact over TCP', () => {
  it('marks our own Contact transport=tcp and leaves other Contacts alone', () => {
    const text = responseTo(request({ method: 'REGISTER' }), 200, 'OK', 't', [
      'Contact: <sip:keyline@127.0.0.1:5070>', 'Contact: <sip:1001@10.0.0.5:5060>;expires=60', 'Contact: sip:keyline@127.0.0.1:5070;expires=5',
    ]);
    const out = withTcpContact(text, head(text), self);
    expect(out).toContain('Contact: <sip:keyline@127.0.0.1:5070;transport=tcp>\r\n');
    expect(out).toContain('Contact: <sip:1001@10.0.0.5:5060>;expires=60\r\n');
    expect(out).toContain('Contact: <sip:keyline@127.0.0.1:5070;transport=tcp>;expires=5\r\n');
  });
});

describe('UDP datagram framing', () => {
  it('drops bytes past Content-Length and leading CRLFs', () => {
    const text = request({ body: 'abc', method: 'MESSAGE' });
    expect(frameDatagram(Buffer.from(`\r\n${text}garbage`))).toBe(text);
    expect(frameDatagram(Buffer.from('\r\n\n\r'))).toBeUndefined();
    expect(frameDatagram(Buffer.from('OPTIONS sip:a SIP/2.0\r\nl: x\r\n\r\n'))).toHaveProperty('error');
  });
});
