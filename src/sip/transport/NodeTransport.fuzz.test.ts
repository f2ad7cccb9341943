import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { prng } from '../../../test/support/prng.js';
import { startCore } from './testing/corePair.js';
import { TcpPeer, UdpPeer } from './testing/peers.js';
import { request } from './testing/sipText.js';

/**
 * 1000 seeded mutations of a valid INVITE, fired at a full keyline user agent core (transport,
 * UDP timers, sip.js parser and transactions) over UDP and over TCP. Whatever sip.js or our code
 * makes of them, the process MUST survive and the core MUST still answer a valid OPTIONS.
 */
const SEED = 0x5eed_2024;
const COUNT = 1000;

const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
const invite = request({
  method: 'INVITE', uri: 'sip:1001@127.0.0.1', branch: 'z9hG4bK-fuzz', contact: '<sip:phone@127.0.0.1:5999>',
  extra: ['Content-Type: application/sdp', 'Allow: INVITE, ACK, CANCEL, BYE', 'Record-Route: <sip:127.0.0.1:5998;lr>'], body: sdp,
});

type Rng = ReturnType<typeof prng>;

const mutations: Array<(b: Buffer, r: Rng) => Buffer> = [
  (b, r) => { // byte flips
    const c = Buffer.from(b);
    for (let i = 1 + r.int(8); i > 0; i--) c[r.int(c.length)] = r.int(256);
    return c;
  },
  (b, r) => b.subarray(0, r.int(b.length)), // truncation
  (b, r) => lines(b, r, (ls, i) => ls.splice(1 + r.int(ls.length - 1), 0, ls[i] ?? '')), // header duplication
  (b, r) => Buffer.from(b.toString('latin1').replace(/Content-Length: \d+/, `Content-Length: ${r.pick(['99999999', '4294967296', '-1', '70000', 'x', '1e3', String(r.int(1000))])}`), 'latin1'),
  (b, r) => lines(b, r, (ls, i) => ls.splice(i, 1)), // a line removed
  (b, r) => Buffer.concat([b.subarray(0, r.int(b.length)), Buffer.from(Array.from({ length: 1 + r.int(64) }, () => r.int(256))), b.subarray(r.int(b.length))]),
  (b) => Buffer.from(b.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'), // bare LF
  (b, r) => lines(b, r, (ls, i) => ls.splice(i, 0, ...Array<string>(100 + r.int(300)).fill(ls[i] ?? ''))), // header flood
  (b, r) => Buffer.from(b.toString('latin1').replace(/^Via: .*$/m, `Via: ${r.pick(['', 'SIP/2.0/UDP', 'SIP/2.0/XYZ h;branch=z9hG4bK1', 'SIP/2.0/UDP 127.0.0.1:0;branch=', 'SIP/2.0/UDP [::1;branch=x', 'junk'])}`), 'latin1'),
  (b, r) => Buffer.from(b.toString('latin1').replace(/^INVITE sip:\S+ SIP\/2\.0/, r.pick(['INVITE  SIP/2.0', 'INVITE sip:1001@127.0.0.1 SIP/2.1', 'BYE sip:1001@127.0.0.1 SIP/2.0', 'CANCEL sip:1001@127.0.0.1 SIP/2.0', 'ACK sip:x SIP/2.0', 'PUBLISH sip:1001@127.0.0.1 SIP/2.0', 'SIP/2.0 200 OK'])), 'latin1'),
  (b, r) => Buffer.from(b.toString('latin1').replace(/^(CSeq|From|To|Call-ID|Max-Forwards): .*$/m, (_m, n: string) => `${n}: ${r.pick(['', '<', 'x'.repeat(5000), '1', '<sip:@>;tag=', 'NaN INVITE'])}`), 'latin1'),
];

function lines(b: Buffer, r: Rng, edit: (ls: string[], i: number) => void): Buffer {
  const text = b.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const ls = text.slice(0, end < 0 ? text.length : end).split('\r\n');
  edit(ls, 1 + r.int(Math.max(1, ls.length - 1)));
  return Buffer.from(ls.join('\r\n') + (end < 0 ? '' : text.slice(end)), 'latin1');
}

function mutated(r: Rng): Buffer[] {
  return Array.from({ length: COUNT }, () => {
    let b: Buffer = Buffer.from(invite, 'latin1');
    for (let k = 1 + r.int(3); k > 0; k--) b = (r.pick(mutations))(b, r);
    return b;
  });
}

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

describe('fuzz: mutated INVITEs', () => {
  it(`survives ${COUNT} mutated messages over UDP and over TCP (seed ${SEED}) and still answers OPTIONS`, async () => {
    const clock = new SimulatedClock();
    const ua = await startCore('keyline', clock, { delegate: { onInvite: (uas) => uas.reject({ statusCode: 486 }) } });
    open.push(ua);
    const port = ua.transport.local.port;
    const messages = mutated(prng(SEED));

    const udp = await UdpPeer.open();
    open.push(udp);
    for (const [i, m] of messages.entries()) {
      await udp.send(m.subarray(0, 65_000), port); // a datagram holds at most 65507 bytes
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 2));
    }

    let tcp = await TcpPeer.connect(port);
    let reconnects = 0;
    for (const m of messages) {
      if (tcp.closed || tcp.socket.destroyed) {
        tcp.close();
        tcp = await TcpPeer.connect(port);
        reconnects++;
      }
      tcp.write(m);
      await new Promise((r) => setImmediate(r));
    }
    tcp.close();

    const probe = await UdpPeer.open();
    open.push(probe);
    await probe.send(request({ uri: `sip:keyline@127.0.0.1:${port}`, via: `SIP/2.0/UDP 127.0.0.1:${probe.port};branch=z9hG4bK-probe;rport`, callId: 'probe-udp' }), port);
    expect(await probe.nth(/^SIP\/2\.0 200 OK/)).toMatch(/CSeq: 1 OPTIONS/);
    const tcpProbe = await TcpPeer.connect(port);
    open.push(tcpProbe);
    tcpProbe.write(request({ uri: `sip:keyline@127.0.0.1:${port}`, via: 'SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-probe2', callId: 'probe-tcp' }));
    await tcpProbe.until(/^SIP\/2\.0 200 OK/m);
    clock.advance(301_000); // every UDP record and timer runs out, INVITEs never answered included
    expect(ua.transport.stats).toMatchObject({ records: 0, timers: 0 });
    expect(reconnects).toBeGreaterThan(0);
    expect(ua.log.lines.length).toBeGreaterThan(0);
  });
});
