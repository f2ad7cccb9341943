import { describe, expect, it } from 'vitest';
import { cseqMethod, findHeader, parseHead, replaceHeader } from './SipHead.js';
import { request } from './testing/sipText.js';

describe('parseHead', () => {
  it('reads a request line, headers with compact names, and the body offset', () => {
    const text = 'INVITE sip:1001@10.0.0.1 SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK1\r\nCSeq: 7 INVITE\r\nl: 3\r\n\r\nabc';
    const head = parseHead(text);
    if ('error' in head) throw new Error(head.error);
    expect(head).toMatchObject({ kind: 'request', method: 'INVITE', uri: 'sip:1001@10.0.0.1', bodyStart: text.length - 3 });
    expect(head.headers.map((h) => h.name)).toEqual(['via', 'cseq', 'content-length']);
    expect(cseqMethod(head)).toBe('INVITE');
  });

  it('reads a status line and folds continuation lines', () => {
    const head = parseHead('SIP/2.0 180 Ringing\r\nSubject: a\r\n  b\r\nCSeq: 1 INVITE\r\n\r\n');
    if ('error' in head) throw new Error(head.error);
    expect(head).toMatchObject({ kind: 'response', status: 180, reason: 'Ringing' });
    expect(findHeader(head, 'subject')?.value).toBe('a b');
  });

  it.each([
    ['no blank line', 'OPTIONS sip:a SIP/2.0\r\nVia: x\r\n'],
    ['bad start line', 'HELLO WORLD\r\nVia: x\r\n\r\n'],
    ['wrong version', 'OPTIONS sip:a SIP/3.0\r\n\r\n'],
    ['status out of range', 'SIP/2.0 999 Nope\r\n\r\n'],
    ['header without colon', 'OPTIONS sip:a SIP/2.0\r\nVia x\r\n\r\n'],
    ['binary name', 'OPTIONS sip:a SIP/2.0\r\n\u0000\u0001: x\r\n\r\n'],
    ['too many headers', `OPTIONS sip:a SIP/2.0\r\n${'X-A: 1\r\n'.repeat(300)}\r\n`],
  ])('reports %s as an error, never throws', (_what, text) => {
    expect(parseHead(text)).toHaveProperty('error');
  });

  it('replaces a whole header field by its offsets', () => {
    const text = request();
    const head = parseHead(text);
    if ('error' in head) throw new Error(head.error);
    const cseq = findHeader(head, 'cseq');
    if (!cseq) throw new Error('no CSeq');
    expect(replaceHeader(text, cseq, 'CSeq: 9 OPTIONS')).toContain('\r\nCSeq: 9 OPTIONS\r\n');
  });
});
