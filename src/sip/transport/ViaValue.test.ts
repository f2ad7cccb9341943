import { describe, expect, it } from 'vitest';
import { parseHead } from './SipHead.js';
import { formatVia, parseVia, replaceTopVia, sentByOf, topViaOf, viaParam, withViaParam } from './ViaValue.js';

describe('Via values', () => {
  it('parses and formats back unchanged', () => {
    const text = 'SIP/2.0/UDP 10.0.0.2:5062;branch=z9hG4bKabc;rport;received=1.2.3.4';
    const via = parseVia(text);
    expect(via).toEqual({
      transport: 'UDP', host: '10.0.0.2', port: 5062,
      params: [['branch', 'z9hG4bKabc'], ['rport', undefined], ['received', '1.2.3.4']],
    });
    expect(formatVia(via!)).toBe(text);
    expect(sentByOf(via!)).toBe('10.0.0.2:5062');
  });

  it('accepts spaces in the sent-protocol, lower case transports and IPv6 references', () => {
    expect(parseVia('SIP / 2.0 / tcp [::1]:5070;branch=z9hG4bK1')).toMatchObject({ transport: 'TCP', host: '[::1]', port: 5070 });
  });

  it.each(['', 'SIP/2.0/UDP', 'SIP/2.0/UDP host:99999;branch=x', 'SIP/2.0/UDP ho st', 'HTTP/1.1/UDP h', 'SIP/2.0/UDP h;;x'])(
    'rejects %j', (text) => expect(parseVia(text)).toBeUndefined(),
  );

  it('sets a parameter in place or appends it', () => {
    const via = parseVia('SIP/2.0/UDP h;rport;branch=b')!;
    expect(formatVia(withViaParam(via, 'rport', '5000'))).toBe('SIP/2.0/UDP h;rport=5000;branch=b');
    expect(formatVia(withViaParam(via, 'received', '1.1.1.1'))).toBe('SIP/2.0/UDP h;rport;branch=b;received=1.1.1.1');
    expect(viaParam(via, 'branch')).toBe('b');
  });

  it('finds the topmost Via value among several and replaces only it', () => {
    const text = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a:1;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\nVia: SIP/2.0/UDP c\r\nCSeq: 1 X\r\n\r\n';
    const head = parseHead(text);
    if ('error' in head) throw new Error(head.error);
    const top = topViaOf(head)!;
    expect(top.via.host).toBe('a');
    expect(top.rest).toBe('SIP/2.0/UDP b;branch=z9hG4bK2');
    expect(replaceTopVia(text, top, { ...top.via, host: 'z' })).toContain('Via: SIP/2.0/UDP z:1;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\nVia: SIP/2.0/UDP c\r\n');
  });
});
