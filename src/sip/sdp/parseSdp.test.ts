import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSdp } from './parseSdp.js';
import { SdpError } from './SdpError.js';
import type { SdpErrorCode } from './SdpError.js';
import { rtpmapOf } from './staticPayloads.js';
import { streamView } from './streamView.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/sdp/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${DIR}${name}.sdp`, 'utf8');
const names = readdirSync(DIR).filter((f) => f.endsWith('.sdp')).map((f) => f.slice(0, -4));

function audioOf(name: string) {
  const sdp = parseSdp(fixture(name));
  const m = sdp.media.find((x) => x.media === 'audio');
  if (m === undefined) throw new Error(`${name}: no audio`);
  return { sdp, m, view: streamView(sdp, m) };
}

describe('parseSdp on phone fixtures', () => {
  it.each(names)('%s parses the same with CRLF and with LF', (name) => {
    const crlf = fixture(name);
    expect(crlf).toContain('\r\n');
    expect(parseSdp(crlf)).toEqual(parseSdp(crlf.replace(/\r\n/g, '\n')));
  });

  it.each([
    // name, port, address, effective direction, formats
    ['yealink-t46u', 11800, '192.168.1.50', 'sendrecv', ['9', '0', '8', '18', '101']],
    ['yealink-t46u-hold', 11800, '192.168.1.50', 'sendonly', ['0', '101']],
    ['yealink-t58w-video', 11782, '192.168.1.51', 'sendrecv', ['9', '8', '0', '101']],
    ['polycom-vvx411', 2222, '192.168.1.61', 'sendrecv', ['9', '102', '0', '8', '18', '127']],
    ['polycom-vvx411-hold', 2222, '192.168.1.61', 'sendonly', ['0', '127']],
    ['snom-d785', 61370, '192.168.1.70', 'sendrecv', ['8', '0', '9', '2', '3', '18', '4', '101']],
    ['snom-d785-hold', 61370, '192.168.1.70', 'inactive', ['8', '101']],
    ['grandstream-gxp2170', 5004, '192.168.1.80', 'sendrecv', ['0', '8', '9', '18', '101']],
    ['grandstream-gxp2170-hold-rfc2543', 5004, '0.0.0.0', 'sendonly', ['0', '101']],
    ['cisco-spa504g', 16434, '192.168.1.90', 'sendrecv', ['0', '2', '8', '18', '101']],
    ['cisco-spa504g-hold', 16434, '192.168.1.90', 'sendonly', ['0', '101']],
    ['cisco-7960-rfc2543-hold', 28000, '0.0.0.0', 'sendonly', ['0', '8', '18', '101']],
    ['baresip', 10406, '192.168.1.100', 'sendrecv', ['96', '0', '8', '101']],
    ['sipp-uac', 6000, '127.0.0.1', 'sendrecv', ['0']],
    ['sipp-uac-pcap', 6000, '127.0.0.1', 'sendrecv', ['8', '101']],
  ] as const)('%s: audio on %i at %s, %s, formats in order', (name, port, address, direction, formats) => {
    const { m, view } = audioOf(name);
    expect({ port: m.port, address: view.address, direction: view.direction, formats: m.formats })
      .toEqual({ port, address, direction, formats });
  });

  it('reads rtpmap, fmtp, ptime and rtcp, and keeps unknown attributes and lines', () => {
    const { sdp, m, view } = audioOf('baresip');
    expect(m.rtpmap.get(96)).toEqual({ encoding: 'opus', clockRate: 48000, channels: 2 });
    expect(m.fmtp.get(101)).toBe('0-15');
    expect(m.ptime).toBe(20);
    expect(view.rtcpPort).toBe(10407);
    expect(m.rtcp).toEqual({ port: 10407, connection: { addrType: 'IP4', address: '192.168.1.100' } });
    expect(m.attributes).toContainEqual({ name: 'ssrc', value: '1437498839 cname:aa5a0c2e-f8b1-4b7d-9bfc-ccf0ae2c5ce3' });
    expect(m.attributes).toContainEqual({ name: 'rtcp-rsize' });
    expect(m.other).toEqual([{ type: 'b', value: 'AS:125' }]);
    expect(sdp.origin).toEqual({ username: '-', sessionId: '1887429146', sessionVersion: '2137406325', addrType: 'IP4', address: '192.168.1.100' });
    expect(sdp.sessionName).toBe('-');
  });

  it('falls back to the RFC 3551 table for static payload types without rtpmap, and RTCP to port + 1', () => {
    const { m, view } = audioOf('cisco-7960-rfc2543-hold');
    expect(rtpmapOf(m, 0)).toEqual({ encoding: 'PCMU', clockRate: 8000, channels: 1 });
    expect(rtpmapOf(m, 8)?.encoding).toBe('PCMA');
    expect(rtpmapOf(m, 18)?.encoding).toBe('G729');
    expect(rtpmapOf(m, 101)).toEqual({ encoding: 'telephone-event', clockRate: 8000 });
    expect(view.rtcpPort).toBe(28001);
    expect(view.zeroAddress).toBe(true);
  });

  it('takes a session-level direction (Polycom) and lets the media level win over it', () => {
    expect(parseSdp(fixture('polycom-vvx411-hold')).direction).toBe('sendonly');
    const both = fixture('polycom-vvx411').replace('a=rtpmap:9 G722/8000', 'a=inactive\r\na=rtpmap:9 G722/8000');
    const { media: [m], ...session } = parseSdp(both);
    expect(session.direction).toBe('sendrecv');
    expect(m?.direction).toBe('inactive');
    expect(streamView(parseSdp(both), m!).direction).toBe('inactive');
  });

  it('treats c=0.0.0.0 as a hold: sendrecv → sendonly, recvonly → inactive', () => {
    const zero = fixture('grandstream-gxp2170-hold-rfc2543');
    const view = (text: string) => { const s = parseSdp(text); return streamView(s, s.media[0]!); };
    expect(view(zero).direction).toBe('sendonly');
    expect(view(zero.replace('a=sendrecv', 'a=recvonly')).direction).toBe('inactive');
    expect(view(zero.replace('a=sendrecv', 'a=inactive')).direction).toBe('inactive');
  });

  it('parses IPv6 and flags it as not IPv4', () => {
    const { view } = audioOf('baresip-ipv6');
    expect(view).toMatchObject({ address: '2001:db8::100', addrType: 'IP6', ipv4: false });
    expect(audioOf('baresip').view.ipv4).toBe(true);
  });

  it('keeps a video stream, strips a multicast TTL, reads a port count, allows bare LF and blank lines', () => {
    const sdp = parseSdp(fixture('yealink-t58w-video'));
    expect(sdp.media.map((m) => `${m.media} ${m.port} ${m.proto}`)).toEqual(['audio 11782 RTP/AVP', 'video 11786 RTP/AVP']);
    expect(sdp.media[1]?.direction).toBe('sendrecv');
    const odd = parseSdp('v=0\no=- 1 1 IN IP4 10.0.0.1\n\nc=IN IP4 224.2.1.1/127/3  \nm=audio 49170/2 RTP/AVP 0\n\n');
    expect(odd.connection).toEqual({ addrType: 'IP4', address: '224.2.1.1' });
    expect(odd.media[0]).toMatchObject({ port: 49170, portCount: 2, formats: ['0'] });
    expect(odd.sessionName).toBe('');
  });

  it('accepts a description with no media and a rejected stream without c=', () => {
    expect(parseSdp('v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n').media).toEqual([]);
    expect(parseSdp('v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nm=video 0 RTP/AVP 31\r\n').media[0]?.port).toBe(0);
  });
});

describe('parseSdp refuses malformed input with a typed SdpError', () => {
  const ok = 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\n';
  const codeOf = (text: string, maxLength?: number): SdpErrorCode | 'none' => {
    try {
      parseSdp(text, maxLength === undefined ? {} : { maxLength });
      return 'none';
    } catch (e) {
      if (e instanceof SdpError) return e.code;
      throw e;
    }
  };

  it.each([
    ['empty text', '', 'empty'],
    ['only blank lines', '\r\n\r\n', 'empty'],
    ['not SDP', 'hello world', 'bad-line'],
    ['no v= first', 'o=- 1 1 IN IP4 10.0.0.1\r\nv=0\r\n', 'bad-version'],
    ['v=1', 'v=1\r\n', 'bad-version'],
    ['two v=', `${ok}v=0\r\n`, 'bad-version'],
    ['no o=', 'v=0\r\ns=-\r\n', 'bad-origin'],
    ['short o=', 'v=0\r\no=- 1 IN IP4 10.0.0.1\r\n', 'bad-origin'],
    ['o= inside media', `${ok}o=- 1 1 IN IP4 10.0.0.1\r\n`, 'bad-origin'],
    ['c= not IN', ok.replace('c=IN IP4', 'c=ATM NSAP'), 'bad-connection'],
    ['c= IP5', ok.replace('c=IN IP4', 'c=IN IP5'), 'bad-connection'],
    ['c= no address', ok.replace('c=IN IP4 10.0.0.1', 'c=IN IP4'), 'bad-connection'],
    ['m= port too big', ok.replace('4000', '65536'), 'bad-media'],
    ['m= port not a number', ok.replace('4000', 'x'), 'bad-media'],
    ['m= RTP format not a number', ok.replace('0 101', '0 abc'), 'bad-media'],
    ['m= RTP format above 127', ok.replace('0 101', '0 128'), 'bad-media'],
    ['m= missing proto', ok.replace('RTP/AVP 0 101', ''), 'bad-media'],
    ['rtpmap without clock', `${ok}a=rtpmap:101 telephone-event\r\n`, 'bad-attribute'],
    ['rtpmap pt out of range', `${ok}a=rtpmap:300 PCMU/8000\r\n`, 'bad-attribute'],
    ['ptime not a number', `${ok}a=ptime:twenty\r\n`, 'bad-attribute'],
    ['ptime zero', `${ok}a=ptime:0\r\n`, 'bad-attribute'],
    ['rtcp port 0', `${ok}a=rtcp:0\r\n`, 'bad-attribute'],
    ['attribute without a name', `${ok}a=:x\r\n`, 'bad-attribute'],
    ['uppercase type', `${ok}A=sendrecv\r\n`, 'bad-line'],
    ['NUL in a line', `${ok}a=x\0y\r\n`, 'bad-line'],
    ['audio without any c=', ok.replace('c=IN IP4 10.0.0.1\r\n', ''), 'missing-connection'],
    ['over the size limit', ok, 'too-large', 20],
  ] as const)('%s → %s', (_what, text, code, max?: number) => {
    expect(codeOf(text, max)).toBe(code);
  });

  it('names the line in the message', () => {
    const e = (() => { try { parseSdp(ok.replace('4000', 'x')); } catch (err) { return err; } return undefined; })();
    expect(e).toBeInstanceOf(SdpError);
    expect(e).toMatchObject({ code: 'bad-media', line: 6 });
    expect(String((e as SdpError).message)).toMatch(/^line 6: /);
  });

  it('accepts the control description', () => {
    expect(codeOf(ok)).toBe('none');
  });
});
