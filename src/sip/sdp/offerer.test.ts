import { describe, expect, it } from 'vitest';
import { buildSdp } from './buildSdp.js';
import { LocalSdpSession } from './LocalSdpSession.js';
import { answerOffer } from './negotiate.js';
import { acceptAnswer, createOffer } from './offerer.js';
import { parseSdp } from './parseSdp.js';

const ours = createOffer({ address: '192.168.1.2', port: 40000 });

function answer(mline: string, attrs: string[], address = '10.0.0.9'): ReturnType<typeof parseSdp> {
  return parseSdp(['v=0', 'o=- 5 5 IN IP4 10.0.0.9', 's=-', `c=IN IP4 ${address}`, 't=0 0', mline, ...attrs, ''].join('\r\n'));
}

describe('createOffer / buildSdp', () => {
  it('writes PCMU, PCMA and telephone-event 101 at 20 ms, sendrecv', () => {
    expect(buildSdp(ours, { sessionId: '4242', version: 1 })).toBe([
      'v=0',
      'o=- 4242 1 IN IP4 192.168.1.2',
      's=keyline',
      'c=IN IP4 192.168.1.2',
      't=0 0',
      'm=audio 40000 RTP/AVP 0 8 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n'));
  });

  it('offers a hold direction, another order, other event number, or no events', () => {
    const text = buildSdp(createOffer({ address: '10.1.1.1', port: 40002, direction: 'sendonly', codecs: ['PCMA'], telephoneEvent: null }), { sessionId: '1', version: 1 });
    expect(text).toContain('m=audio 40002 RTP/AVP 8\r\n');
    expect(text).not.toContain('telephone-event');
    expect(text).toContain('a=sendonly\r\n');
    expect(buildSdp(createOffer({ address: '10.1.1.1', port: 40002, telephoneEvent: 96 }), { sessionId: '1', version: 1 }))
      .toContain('m=audio 40002 RTP/AVP 0 8 96\r\n');
  });

  it('is answered by keyline\'s own answerer (a loop through the parser)', () => {
    const r = answerOffer(parseSdp(buildSdp(ours, { sessionId: '1', version: 1 })), { address: '10.0.0.9', port: 5000 });
    expect(r).toMatchObject({ kind: 'accepted', media: { payloadType: 0, telephoneEvent: 101, direction: 'sendrecv', address: '192.168.1.2', port: 40000 } });
    const back = acceptAnswer(ours, parseSdp(buildSdp(r.answer, { sessionId: '2', version: 1 })));
    expect(back).toEqual({ kind: 'accepted', media: { address: '10.0.0.9', port: 5000, rtcpPort: 5001, payloadType: 0, codec: 'PCMU', telephoneEvent: 101, direction: 'sendrecv', remotePtime: 20 } });
  });
});

describe('LocalSdpSession: o= version (RFC 3264 §8)', () => {
  it('keeps its session id, goes up by one for each changed description, stays for an unchanged one', () => {
    const s = new LocalSdpSession('123456');
    const versionOf = (text: string) => parseSdp(text).origin;
    expect(versionOf(s.render(ours))).toMatchObject({ sessionId: '123456', sessionVersion: '1' });
    expect(versionOf(s.render(ours)).sessionVersion).toBe('1');
    const held = createOffer({ address: '192.168.1.2', port: 40000, direction: 'sendonly' });
    expect(versionOf(s.render(held)).sessionVersion).toBe('2');
    expect(versionOf(s.render(ours)).sessionVersion).toBe('3');
    expect(s.version).toBe(3);
  });

  it('makes a random numeric session id and refuses a bad one', () => {
    expect(new LocalSdpSession().sessionId).toMatch(/^\d+$/);
    expect(() => new LocalSdpSession('abc')).toThrow(/sessionId/);
  });
});

describe('acceptAnswer', () => {
  it.each([
    ['m=audio 5000 RTP/AVP 8 101', ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv'], { payloadType: 8, codec: 'PCMA', telephoneEvent: 101, direction: 'sendrecv' }],
    // The answer's own numbers are used for sending; the first offered codec it lists is taken.
    ['m=audio 5000 RTP/AVP 0 8 96', ['a=rtpmap:96 telephone-event/8000'], { payloadType: 0, telephoneEvent: 96 }],
    ['m=audio 5000 RTP/AVP 8', [], { payloadType: 8, telephoneEvent: undefined }],
    ['m=audio 5000 RTP/AVP 0', ['a=recvonly'], { direction: 'sendonly' }],
    ['m=audio 5000 RTP/AVP 0', ['a=sendonly'], { direction: 'recvonly' }],
    ['m=audio 5000 RTP/AVP 0', ['a=inactive'], { direction: 'inactive' }],
  ] as const)('%s %j', (mline, attrs, expected) => {
    const r = acceptAnswer(ours, answer(mline, [...attrs]));
    if (r.kind !== 'accepted') throw new Error(r.reason);
    const got = Object.fromEntries(Object.keys(expected).map((k) => [k, r.media[k as keyof typeof r.media]]));
    expect(got).toEqual(expected);
  });

  it('keeps keyline\'s own hold: a sendonly offer answered sendrecv stays sendonly', () => {
    const held = createOffer({ address: '192.168.1.2', port: 40000, direction: 'sendonly' });
    expect(acceptAnswer(held, answer('m=audio 5000 RTP/AVP 0', ['a=recvonly']))).toMatchObject({ media: { direction: 'sendonly' } });
    expect(acceptAnswer(held, answer('m=audio 5000 RTP/AVP 0', []))).toMatchObject({ media: { direction: 'sendonly' } });
  });

  it('an answer with c=0.0.0.0 means keyline must not send', () => {
    expect(acceptAnswer(ours, answer('m=audio 5000 RTP/AVP 0', [], '0.0.0.0'))).toMatchObject({ media: { direction: 'recvonly' } });
  });

  it.each([
    ['stream-rejected', 'm=audio 0 RTP/AVP 0', [], '10.0.0.9'],
    ['no-common-codec', 'm=audio 5000 RTP/AVP 18', [], '10.0.0.9'],
    ['no-common-codec', 'm=audio 5000 RTP/AVP 96', ['a=rtpmap:96 opus/48000/2'], '10.0.0.9'],
    ['mismatched-streams', 'm=video 5000 RTP/AVP 99', [], '10.0.0.9'],
    ['unsupported-address', 'm=audio 5000 RTP/AVP 0', [], 'pbx.example.com'],
  ] as const)('refuses: %s', (reason, mline, attrs, address) => {
    expect(acceptAnswer(ours, answer(mline, [...attrs], address))).toEqual({ kind: 'refused', reason });
  });

  it('refuses an answer with a different number of streams', () => {
    const two = parseSdp('v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\nc=IN IP4 10.0.0.9\r\nm=audio 5000 RTP/AVP 0\r\nm=video 0 RTP/AVP 99\r\n');
    expect(acceptAnswer(ours, two)).toEqual({ kind: 'refused', reason: 'mismatched-streams' });
  });
});

describe('buildSdp misuse', () => {
  it('names a bad address or port', () => {
    expect(() => buildSdp({ ...ours, address: 'pbx.local' }, { sessionId: '1', version: 1 })).toThrow(/desc.address/);
    expect(() => buildSdp(createOffer({ address: '10.0.0.1', port: 70000 }), { sessionId: '1', version: 1 })).toThrow(/desc.streams\[0\].port/);
  });
});
