import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { Flow } from '../types.js';
import { NodeTransport } from './NodeTransport.js';
import type { NodeTransportOptions } from './NodeTransportOptions.js';
import { TcpListener, TcpPeer, UdpPeer, waitFor } from './testing/peers.js';
import { RecordingLog } from './testing/recordingLog.js';
import { headerOf, request, responseTo } from './testing/sipText.js';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function transport(o: Partial<NodeTransportOptions> = {}) {
  const log = new RecordingLog();
  const clock = new SimulatedClock();
  const received: Array<{ text: string; flow: Flow }> = [];
  const t = new NodeTransport({ listen: { address: '127.0.0.1', port: 0, advertisedHost: '127.0.0.1', tcp: true }, clock, log, ...o });
  t.onMessage = (text, flow) => received.push({ text, flow });
  await t.listen();
  open.push(t);
  return { t, log, clock, received, port: t.local.port };
}
async function udpPeer() {
  const p = await UdpPeer.open();
  open.push(p);
  return p;
}
async function tcpListener() {
  const l = await TcpListener.open();
  open.push(l);
  return l;
}
async function tcpPeer(port: number) {
  const p = await TcpPeer.connect(port);
  open.push(p);
  return p;
}
/** What sip.js hands the transport: Via with its viaHost and no port. */
const sipjsRequest = (uri: string, extra: string[] = [], method = 'OPTIONS') =>
  request({ method, uri, via: 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKout1;rport', contact: '<sip:keyline@127.0.0.1:PORT>', extra });

describe('NodeTransport: keyline\'s own non-INVITE client transactions (sendOwnRequest)', () => {
  it('udpRoute gives the UDP flow of an IP next hop, nothing for TCP or a name; the final answer goes to done, not to sip.js; Timer E re-sends', async () => {
    const { t, clock, received, port } = await transport();
    const phone = await udpPeer();
    expect(t.udpRoute(`sip:1001@127.0.0.1:${phone.port};transport=tcp`)).toBeUndefined();
    expect(t.udpRoute('sip:1001@phone.example.net')).toBeUndefined();
    const flow = t.udpRoute(`sip:1001@127.0.0.1:${phone.port}`);
    expect(flow).toEqual({ proto: 'UDP', address: '127.0.0.1', port: phone.port });
    const text = request({ method: 'NOTIFY', uri: `sip:1001@127.0.0.1:${phone.port}`, via: `SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKown1;rport` });
    const done: number[] = [];
    t.sendOwnRequest(text, flow!, 'z9hG4bKown1', 'NOTIFY', (s) => done.push(s));
    const got = await phone.nth(/^NOTIFY/);
    clock.advance(500);
    await phone.nth(/^NOTIFY/, 1); // Timer E
    await phone.send(responseTo(got, 100, 'Trying'), port);
    await phone.send(responseTo(got, 200), port);
    await waitFor(() => done.length > 0);
    await phone.send(responseTo(got, 200), port); // a retransmission: absorbed too
    // A request from the same socket after it: once it is here, the retransmission before it
    // (same flow, read in order) has been handled.
    const after = request({ method: 'OPTIONS', via: `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bKafter` });
    await phone.send(after, port);
    await waitFor(() => received.length > 0, 3000, 'the request after the retransmission');
    expect(done).toEqual([200]);
    expect(received.map((m) => m.text)).toEqual([after]);
    clock.advance(60_000);
    expect(done).toEqual([200]);
  });

  it('no answer: done(408) when Timer F fires', async () => {
    const { t, clock, port } = await transport();
    const phone = await udpPeer();
    const flow = t.udpRoute(`sip:1001@127.0.0.1:${phone.port}`)!;
    const done: number[] = [];
    t.sendOwnRequest(request({ method: 'NOTIFY', via: `SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKown2` }), flow, 'z9hG4bKown2', 'NOTIFY', (s) => done.push(s));
    clock.advance(32_000);
    expect(done).toEqual([408]);
    expect(t.stats).toMatchObject({ records: 0, timers: 0 });
  });
});

describe('NodeTransport: requests out (RFC 3261 §18.1.1)', () => {
  it('routes by Request-URI over UDP and writes the real transport and port into Via', async () => {
    const traced: string[] = [];
    const { t, port } = await transport({ trace: (dir, flow, text) => traced.push(`${dir} ${flow.proto} ${flow.port} ${text.split('\r\n')[0]}`) });
    const phone = await udpPeer();
    await t.send(sipjsRequest(`sip:1001@127.0.0.1:${phone.port}`));
    const got = await phone.nth(/^OPTIONS/);
    expect(headerOf(got, 'Via')).toBe(`SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKout1;rport`);
    expect(traced).toEqual([`out UDP ${phone.port} OPTIONS sip:1001@127.0.0.1:${phone.port} SIP/2.0`]);
  });

  it('rejects a request it cannot put on the wire and keeps no retransmission record for it', async () => {
    const { t } = await transport();
    const phone = await udpPeer();
    const huge = request({ method: 'MESSAGE', uri: `sip:1001@127.0.0.1:${phone.port}`, via: 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKhuge', body: 'x'.repeat(70_000) });
    await expect(t.send(huge)).rejects.toThrow(/EMSGSIZE/);
    expect(t.stats).toMatchObject({ records: 0, timers: 0 });
  });

  it('routes by the top Route before the Request-URI', async () => {
    const { t } = await transport();
    const proxy = await udpPeer();
    await t.send(sipjsRequest('sip:1001@10.255.255.1', [`Route: <sip:127.0.0.1:${proxy.port};lr>`]));
    await proxy.nth(/^OPTIONS sip:1001@10\.255\.255\.1 /);
  });

  it('routes ;transport=tcp over a new TCP connection, with Via TCP and our Contact ;transport=tcp', async () => {
    const { t, port } = await transport();
    const phone = await tcpListener();
    await t.send(sipjsRequest(`sip:1001@127.0.0.1:${phone.port};transport=tcp`).replace('PORT', String(port)));
    const peer = await waitFor(() => phone.peers[0], 3000, 'connection');
    const got = await peer.until(/Content-Length: 0\r\n\r\n/);
    expect(headerOf(got, 'Via')).toBe(`SIP/2.0/TCP 127.0.0.1:${port};branch=z9hG4bKout1;rport`);
    expect(headerOf(got, 'Contact')).toBe(`<sip:keyline@127.0.0.1:${port};transport=tcp>`);
  });

  it('resolves Request-URI host names through the injected resolver', async () => {
    const asked: string[] = [];
    const { t } = await transport({ resolver: async (h) => (asked.push(h), '127.0.0.1') });
    const phone = await udpPeer();
    await t.send(sipjsRequest(`sip:1001@phone.test:${phone.port}`));
    await phone.nth(/^OPTIONS/);
    expect(asked).toEqual(['phone.test']);
    await expect(t.send(sipjsRequest('sips:1001@127.0.0.1'))).rejects.toThrow(/sips/);
  });

  it('uses a pinned UDP flow for a contact (NAT): the URI host is never tried', async () => {
    const { t } = await transport();
    const phone = await udpPeer();
    t.pinFlow('10.255.255.9', { proto: 'UDP', address: '127.0.0.1', port: phone.port });
    await t.send(sipjsRequest('sip:1001@10.255.255.9:5060'));
    await phone.nth(/^OPTIONS sip:1001@10\.255\.255\.9:5060 /);
  });

  it('reaches a phone registered over TCP on its connection: pinned flow, and Contact alias', async () => {
    const { t, port, received } = await transport();
    const phone = await tcpPeer(port);
    phone.write(request({ method: 'REGISTER', via: `SIP/2.0/TCP 10.255.255.7:5070;branch=z9hG4bKreg`, contact: '<sip:1001@10.255.255.7:5070;transport=tcp>' }));
    const reg = await waitFor(() => received[0], 3000, 'REGISTER');
    expect(reg.flow).toEqual({ proto: 'TCP', address: '127.0.0.1', port: phone.localPort });
    // Contact alias: the phone's Contact host:port maps to its connection.
    await t.send(sipjsRequest('sip:1001@10.255.255.7:5070;transport=tcp'));
    await phone.until(/^OPTIONS sip:1001@10\.255\.255\.7:5070;transport=tcp /m);
    // Pinned by the application, for a contact the phone never named.
    t.pinFlow('10.255.255.8:5080', reg.flow);
    await t.send(sipjsRequest('sip:1002@10.255.255.8:5080', [], 'MESSAGE'));
    await phone.until(/^MESSAGE sip:1002@10\.255\.255\.8:5080 /m);
  });
});

describe('NodeTransport: requests in and responses out (§18.2)', () => {
  it('stamps received and rport, passes the flow, and answers to received:rport', async () => {
    const { t, received } = await transport();
    const phone = await udpPeer();
    await phone.send(request({ via: 'SIP/2.0/UDP 10.9.9.9:5062;branch=z9hG4bKin1;rport' }), t.local.port);
    const { text, flow } = await waitFor(() => received[0], 3000, 'request');
    expect(flow).toEqual({ proto: 'UDP', address: '127.0.0.1', port: phone.port });
    expect(headerOf(text, 'Via')).toBe(`SIP/2.0/UDP 10.9.9.9:5062;branch=z9hG4bKin1;rport=${phone.port};received=127.0.0.1`);
    await t.send(responseTo(text, 200));
    await phone.nth(/^SIP\/2\.0 200/);
  });

  it('puts a response and the request sent right after it on the wire in that order (200 SUBSCRIBE, then NOTIFY)', async () => {
    const { t, received } = await transport();
    const phone = await udpPeer();
    await phone.send(request({ method: 'SUBSCRIBE', via: `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bKsub1;rport` }), t.local.port);
    const { text } = await waitFor(() => received[0], 3000, 'request');
    // What the notifier does: accept, then the first NOTIFY at once, without waiting in between.
    const sent = [t.send(responseTo(text, 200)), t.send(sipjsRequest(`sip:phone@127.0.0.1:${phone.port}`, [], 'NOTIFY'))];
    await Promise.all(sent);
    await phone.nth(/^NOTIFY/);
    expect(phone.received.map((m) => m.text.split('\r\n')[0])).toEqual(['SIP/2.0 200 OK', `NOTIFY sip:phone@127.0.0.1:${phone.port} SIP/2.0`]);
  });

  it('answers over the TCP connection the request came on', async () => {
    const { t, port, received } = await transport();
    const phone = await tcpPeer(port);
    phone.write(request({ via: 'SIP/2.0/TCP 10.9.9.9:5062;branch=z9hG4bKin2' }));
    const { text } = await waitFor(() => received[0], 3000, 'request');
    await t.send(responseTo(text, 200));
    await phone.until(/^SIP\/2\.0 200 OK/m);
  });

  it('reopens a connection to received and the sent-by port when the old one closed (§18.2.2)', async () => {
    const { t, port, received } = await transport();
    const phoneServer = await tcpListener();
    const phone = await tcpPeer(port);
    phone.write(request({ via: `SIP/2.0/TCP 127.0.0.1:${phoneServer.port};branch=z9hG4bKin3` }));
    const { text } = await waitFor(() => received[0], 3000, 'request');
    phone.close();
    await waitFor(() => t.stats.connections === 0, 3000, 'connection gone');
    await t.send(responseTo(text, 200));
    const back = await waitFor(() => phoneServer.peers[0], 3000, 'new connection');
    await back.until(/^SIP\/2\.0 200 OK/m);
  });

  it('restores sip.js\'s own Via on a response and drops a response whose Via is not ours', async () => {
    const { port, received, log } = await transport();
    const phone = await udpPeer();
    const ours = request({ via: `SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKmine;rport=${port};received=127.0.0.1` });
    await phone.send(responseTo(request({ via: `SIP/2.0/UDP 127.0.0.1:${port + 1};branch=z9hG4bKx` }), 200), port);
    await phone.send(responseTo(ours, 200), port);
    const { text } = await waitFor(() => received[0], 3000, 'response');
    expect(headerOf(text, 'Via')).toBe('SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKmine;rport=' + port + ';received=127.0.0.1');
    expect(received).toHaveLength(1);
    expect(log.events('drop').map((f) => f['reason'])).toContain('response whose top Via is not ours');
  });
});

describe('NodeTransport: framing and keep-alive', () => {
  it('frames split and coalesced TCP messages by Content-Length', async () => {
    const { port, received } = await transport();
    const phone = await tcpPeer(port);
    const a = request({ method: 'MESSAGE', body: 'x'.repeat(300), via: 'SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKa' });
    const b = request({ via: 'SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKb' });
    phone.write(a.slice(0, 50));
    // Not a clock: a pause so that the first write is likely read on its own (no way to see the
    // server's reads from here); StreamFramer.test.ts covers every split deterministically.
    await new Promise((r) => setTimeout(r, 20));
    phone.write(a.slice(50) + b);
    await waitFor(() => received.length === 2, 3000, 'two messages');
    expect(received.map((m) => m.text)).toEqual([a, b]);
  });

  it('answers CRLFCRLF with CRLF on UDP and on TCP (RFC 5626 §3.5.1)', async () => {
    const { port } = await transport();
    const udp = await udpPeer();
    await udp.send('\r\n\r\n', port);
    await waitFor(() => udp.received.find((m) => m.text === '\r\n'), 3000, 'UDP pong');
    const tcp = await tcpPeer(port);
    tcp.write('\r\n\r\n');
    await tcp.until(/^\r\n$/);
  });

  it('survives a CR/LF flood on TCP: one pong per chunk, a rate-limited note, and the next message still arrives', async () => {
    const { port, received, log } = await transport();
    const tcp = await tcpPeer(port);
    for (let i = 0; i < 20; i++) tcp.write('\r\n'.repeat(50_000));
    tcp.write(request({ via: 'SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKafter' }));
    await waitFor(() => received.length === 1, 3000, 'the request after the flood');
    expect(tcp.closed).toBe(false);
    expect(log.events('crlf-flood').length).toBeGreaterThan(0);
    expect(log.events('crlf-flood').length).toBeLessThanOrEqual(5);
  });

  it('logs a UDP message over 1300 bytes as a warning and still sends it', async () => {
    const { t, log } = await transport();
    const phone = await udpPeer();
    await t.send(request({ method: 'MESSAGE', uri: `sip:1001@127.0.0.1:${phone.port}`, via: 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKbig', body: 'x'.repeat(1400) }));
    await phone.nth(/^MESSAGE/);
    expect(log.lines.find((l) => l.fields['event'] === 'udp-large-message')?.level).toBe('warning');
  });
});

describe('NodeTransport: bad input never crashes', () => {
  it('drops junk on UDP with rate-limited log lines and keeps answering', async () => {
    const { port, received, log } = await transport();
    const peer = await udpPeer();
    const junk = [
      Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]), 'HELLO\r\n\r\n', 'OPTIONS sip:a SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n',
      'OPTIONS sip:a SIP/2.0\r\nVia: SIP/2.0/UDP\r\n\r\n', 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n', '\r\n', '\r\n\r\n\r\n',
    ];
    for (let i = 0; i < 20; i++) for (const j of junk) await peer.send(j, port);
    await peer.send(request({ via: 'SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKok' }), port);
    await waitFor(() => received.length === 1, 3000, 'the valid request');
    expect(log.events('drop').length).toBeLessThanOrEqual(5);
  });

  it('drops a TCP connection that sends an oversized message or no Content-Length; others carry on', async () => {
    const { port, received } = await transport({ maxMessageBytes: 4096 });
    const big = await tcpPeer(port);
    big.write(`OPTIONS sip:a SIP/2.0\r\nX: ${'y'.repeat(5000)}`);
    await waitFor(() => big.closed, 3000, 'oversized connection closed');
    const noLength = await tcpPeer(port);
    noLength.write('OPTIONS sip:a SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n');
    await waitFor(() => noLength.closed, 3000, 'unframeable connection closed');
    const good = await tcpPeer(port);
    good.write(request({ via: 'SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKgood' }));
    await waitFor(() => received.length === 1, 3000, 'the valid request');
  });

  it('catches what onMessage throws', async () => {
    const { t, port, log } = await transport();
    t.onMessage = () => {
      throw new Error('handler bug');
    };
    const peer = await udpPeer();
    await peer.send(request(), port);
    await waitFor(() => log.events('handler-failed')[0], 3000, 'logged handler failure');
  });
});

describe('NodeTransport: UDP retransmission and close', () => {
  it('re-sends an unanswered request when Timer E fires on the injected clock', async () => {
    const { t, clock } = await transport({ timers: { t1: 500 } });
    const phone = await udpPeer();
    await t.send(sipjsRequest(`sip:1001@127.0.0.1:${phone.port}`));
    await phone.nth(/^OPTIONS/, 0);
    clock.advance(500);
    await phone.nth(/^OPTIONS/, 1);
    expect(t.stats.records).toBe(1);
  });

  it('rejects listen() on a port in use and leaves nothing open', async () => {
    const { port, clock } = await transport();
    const clash = new NodeTransport({ listen: { address: '127.0.0.1', port, advertisedHost: '127.0.0.1', tcp: true }, clock, log: new RecordingLog() });
    await expect(clash.listen()).rejects.toThrow(/EADDRINUSE/);
    await clash.close();
  });

  it('closes its sockets: the port can be bound again and send rejects', async () => {
    const { t, port, clock } = await transport();
    const phone = await udpPeer();
    await t.send(sipjsRequest(`sip:1001@127.0.0.1:${phone.port}`));
    await t.close();
    expect(clock.pendingCount).toBe(0);
    await expect(t.send(sipjsRequest(`sip:1001@127.0.0.1:${phone.port}`))).rejects.toThrow();
    const again = new NodeTransport({ listen: { address: '127.0.0.1', port, advertisedHost: '127.0.0.1', tcp: true }, clock, log: new RecordingLog() });
    await again.listen();
    await again.close();
  });
});
