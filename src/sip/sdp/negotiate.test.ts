import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSdp } from './buildSdp.js';
import { answerDirection, DIRECTIONS } from './direction.js';
import { holdStateOf } from './holdStateOf.js';
import { answerOffer, REJECT_WARNING } from './negotiate.js';
import type { AnswerCapabilities } from './negotiate.js';
import { parseSdp } from './parseSdp.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/sdp/', import.meta.url));
const offerOf = (name: string) => parseSdp(readFileSync(`${DIR}${name}.sdp`, 'utf8'));
const caps: AnswerCapabilities = { address: '192.168.1.2', port: 40000 };

/** A plain offer: formats and rtpmaps as given, one direction line. */
function offer(formats: string, rtpmaps: string[], direction = 'sendrecv', address = '10.0.0.9') {
  return parseSdp(['v=0', 'o=- 1 1 IN IP4 10.0.0.9', 's=-', `c=IN IP4 ${address}`, 't=0 0',
    `m=audio 5000 RTP/AVP ${formats}`, ...rtpmaps.map((r) => `a=rtpmap:${r}`), `a=${direction}`, ''].join('\r\n'));
}

describe('answerOffer on phone fixtures (the phone is the offerer)', () => {
  it.each([
    // fixture, chosen pt, codec, telephone-event pt, keyline's direction, hold state of the offer
    ['yealink-t46u', 0, 'PCMU', 101, 'sendrecv', 'active'],
    ['yealink-t46u-hold', 0, 'PCMU', 101, 'recvonly', 'held'],
    ['yealink-t58w-video', 8, 'PCMA', 101, 'sendrecv', 'active'],
    ['polycom-vvx411', 0, 'PCMU', 127, 'sendrecv', 'active'],
    ['polycom-vvx411-hold', 0, 'PCMU', 127, 'recvonly', 'held'],
    ['snom-d785', 8, 'PCMA', 101, 'sendrecv', 'active'],
    ['snom-d785-hold', 8, 'PCMA', 101, 'inactive', 'held'],
    ['grandstream-gxp2170', 0, 'PCMU', 101, 'sendrecv', 'active'],
    ['grandstream-gxp2170-hold-rfc2543', 0, 'PCMU', 101, 'recvonly', 'held'],
    ['cisco-spa504g', 0, 'PCMU', 101, 'sendrecv', 'active'],
    ['cisco-spa504g-hold', 0, 'PCMU', 101, 'recvonly', 'held'],
    ['cisco-7960-rfc2543-hold', 0, 'PCMU', 101, 'recvonly', 'held'],
    ['baresip', 0, 'PCMU', 101, 'sendrecv', 'active'],
    ['sipp-uac', 0, 'PCMU', undefined, 'sendrecv', 'active'],
    ['sipp-uac-pcap', 8, 'PCMA', 101, 'sendrecv', 'active'],
  ] as const)('%s → pt %i %s, events %s, keyline %s; offer is %s', (name, pt, codec, te, direction, hold) => {
    const sdp = offerOf(name);
    const result = answerOffer(sdp, caps);
    if (result.kind !== 'accepted') throw new Error(`${name}: ${result.reason}`);
    const { payloadType, codec: chosen, telephoneEvent, direction: ours } = result.media;
    expect({ payloadType, chosen, telephoneEvent, ours }).toEqual({ payloadType: pt, chosen: codec, telephoneEvent: te, ours: direction });
    expect(holdStateOf(sdp)).toBe(hold);
    // The answer has one m= line per offered one (RFC 3264 §6) and parses back.
    const answer = parseSdp(buildSdp(result.answer, { sessionId: '7', version: 1 }));
    expect(answer.media.length).toBe(sdp.media.length);
    expect(answer.media[0]).toMatchObject({ port: 40000, formats: te === undefined ? [String(pt)] : [String(pt), String(te)], direction });
  });

  it('answers with the phone\'s RTP address, RTCP port and ptime', () => {
    const r = answerOffer(offerOf('baresip'), caps);
    expect(r).toMatchObject({ kind: 'accepted', media: { address: '192.168.1.100', port: 10406, rtcpPort: 10407, remotePtime: 20 } });
    expect(answerOffer(offerOf('cisco-spa504g'), caps)).toMatchObject({ media: { remotePtime: 30, rtcpPort: 16435 } });
  });

  it('rejects the video stream with port 0 and keeps the audio (Yealink T58)', () => {
    const r = answerOffer(offerOf('yealink-t58w-video'), caps);
    expect(r.kind).toBe('accepted');
    expect(r.answer.streams[1]).toEqual({ kind: 'rejected', media: 'video', proto: 'RTP/AVP', format: '99' });
    expect(buildSdp(r.answer, { sessionId: '7', version: 1 })).toContain('\r\nm=video 0 RTP/AVP 99\r\n');
  });

  it.each([
    ['g729-only', 'no-common-codec', 305],
    ['snom-d785-srtp', 'unsupported-transport', 302],
    ['baresip-ipv6', 'unsupported-address', 301],
  ] as const)('%s → 488 %s (warning %i), every stream at port 0', (name, reason, warning) => {
    const r = answerOffer(offerOf(name), caps);
    expect(r).toMatchObject({ kind: 'rejected', status: 488, reason });
    expect(REJECT_WARNING[reason].code).toBe(warning);
    expect(r.answer.streams.every((s) => s.kind === 'rejected')).toBe(true);
    expect(parseSdp(buildSdp(r.answer, { sessionId: '7', version: 1 })).media.map((m) => m.port)).toEqual([0]);
  });

  it('rejects an offer without audio, or whose audio is disabled, as no-audio', () => {
    const video = parseSdp('v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\nc=IN IP4 10.0.0.9\r\nm=video 5002 RTP/AVP 99\r\n');
    expect(answerOffer(video, caps)).toMatchObject({ kind: 'rejected', reason: 'no-audio' });
    const disabled = parseSdp('v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\nm=audio 0 RTP/AVP 0\r\n');
    expect(answerOffer(disabled, caps)).toMatchObject({ kind: 'rejected', reason: 'no-audio' });
    expect(answerOffer(parseSdp('v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\n'), caps)).toMatchObject({ kind: 'rejected', reason: 'no-audio', answer: { streams: [] } });
  });
});

describe('answerOffer: codec choice follows the offerer\'s order', () => {
  it.each([
    ['0 8', [], 0],
    ['8 0', [], 8],
    ['9 8 0', [], 8],
    ['18 3 0', [], 0],
    ['96 8 0', ['96 opus/48000/2'], 8],
    // A dynamic number for G.711 is answered with the offerer's number.
    ['97 0', ['97 PCMA/8000'], 97],
    // Case does not matter; stereo or 16 kHz "PCMU" is not G.711.
    ['98 99 8', ['98 PCMU/8000/2', '99 pcmu/16000'], 8],
    ['100 0', ['100 pcma/8000'], 100],
  ] as const)('m=audio ... %s → pt %i', (formats, maps, pt) => {
    expect(answerOffer(offer(formats, [...maps]), caps)).toMatchObject({ kind: 'accepted', media: { payloadType: pt } });
  });

  it('restricts to the codecs keyline is configured with', () => {
    expect(answerOffer(offer('0 8', []), { ...caps, codecs: ['PCMA'] })).toMatchObject({ media: { payloadType: 8, codec: 'PCMA' } });
    expect(answerOffer(offer('0', []), { ...caps, codecs: ['PCMA'] })).toMatchObject({ kind: 'rejected', reason: 'no-common-codec' });
  });

  it.each([
    ['0 101', ['101 telephone-event/8000'], 101],
    ['0 96', ['96 telephone-event/8000'], 96],
    ['0 127', ['127 TELEPHONE-EVENT/8000'], 127],
    // Wideband events are for a wideband codec: the 8 kHz one is taken.
    ['0 100 101', ['100 telephone-event/16000', '101 telephone-event/8000'], 101],
    ['0 100', ['100 telephone-event/48000'], undefined],
    ['0', [], undefined],
  ] as const)('telephone-event: %s → %s', (formats, maps, te) => {
    const r = answerOffer(offer(formats, [...maps]), caps);
    expect(r.kind === 'accepted' ? r.media.telephoneEvent : 'rejected').toBe(te);
    const text = buildSdp(r.answer, { sessionId: '7', version: 1 });
    if (te === undefined) expect(text).not.toContain('telephone-event');
    else expect(text).toContain(`a=rtpmap:${te} telephone-event/8000\r\na=fmtp:${te} 0-16\r\n`);
  });

  it('leaves telephone-event out when keyline is configured without it', () => {
    const r = answerOffer(offer('0 101', ['101 telephone-event/8000']), { ...caps, telephoneEvent: false });
    expect(r.kind === 'accepted' && r.media.telephoneEvent).toBeUndefined();
  });
});

describe('answerOffer: direction (RFC 3264 §6.1)', () => {
  it.each([
    ['sendrecv', 'sendrecv', 'sendrecv'],
    ['sendonly', 'sendrecv', 'recvonly'],
    ['recvonly', 'sendrecv', 'sendonly'],
    ['inactive', 'sendrecv', 'inactive'],
    // keyline's own hold state narrows the answer.
    ['sendrecv', 'sendonly', 'sendonly'],
    ['sendrecv', 'inactive', 'inactive'],
    ['sendonly', 'sendonly', 'inactive'],
    ['recvonly', 'recvonly', 'inactive'],
  ] as const)('offer %s, keyline %s → answer %s', (offered, local, answered) => {
    const r = answerOffer(offer('0', [], offered), { ...caps, direction: local });
    expect(r).toMatchObject({ kind: 'accepted', media: { direction: answered } });
    expect(buildSdp(r.answer, { sessionId: '7', version: 1 })).toContain(`\r\na=${answered}\r\n`);
  });

  it('never answers a direction that sends to a peer that does not receive', () => {
    for (const o of DIRECTIONS) for (const l of DIRECTIONS) {
      const a = answerDirection(o, l);
      if (a === 'sendrecv' || a === 'sendonly') expect(['sendrecv', 'recvonly']).toContain(o);
      if (a === 'sendrecv' || a === 'recvonly') expect(['sendrecv', 'sendonly']).toContain(o);
    }
  });

  it('§8.1: a hold re-INVITE is answered recvonly or inactive, and resume sendrecv', () => {
    for (const name of ['yealink-t46u-hold', 'polycom-vvx411-hold', 'snom-d785-hold', 'grandstream-gxp2170-hold-rfc2543', 'cisco-7960-rfc2543-hold']) {
      const r = answerOffer(offerOf(name), caps);
      expect(r.kind === 'accepted' && ['recvonly', 'inactive'].includes(r.media.direction)).toBe(true);
    }
    expect(answerOffer(offerOf('yealink-t46u'), caps)).toMatchObject({ media: { direction: 'sendrecv' } });
  });

  it('holdStateOf: recvonly is not a hold; a description without audio is active', () => {
    expect(holdStateOf(offer('0', [], 'recvonly'))).toBe('active');
    expect(holdStateOf(offer('0', [], 'inactive'))).toBe('held');
    expect(holdStateOf(offer('0', [], 'sendrecv', '0.0.0.0'))).toBe('held');
    expect(holdStateOf(parseSdp('v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\n'))).toBe('active');
  });
});
