import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualMediaTimer } from '../../test/support/ManualMediaTimer.js';
import { FRAME_SAMPLES } from './Frame.js';
import type { Frame } from './Frame.js';
import { decodeFrame } from './g711/decodeFrame.js';
import { encodeFrame } from './g711/encodeFrame.js';
import { MediaPortPool } from './MediaPortPool.js';
import { RtpLeg } from './RtpLeg.js';
import { RtpLegFactory } from './RtpLegFactory.js';
import { MediaClock } from './clock/MediaClock.js';
import { Conference } from './mix/Conference.js';
import type { MediaTimer } from './clock/MediaTimer.js';
import type { RtpLegOptions } from './RtpLegOptions.js';
import { parseRtcp } from './rtp/parseRtcp.js';
import { parseRtpPacket } from './rtp/parseRtpPacket.js';
import { decodeTelephoneEvent } from './rtp/Rfc4733Event.js';
import type { RtpPacket } from './rtp/RtpPacket.js';
import { serializeRtcp } from './rtp/serializeRtcp.js';
import { serializeRtpPacket } from './rtp/serializeRtpPacket.js';

const HOST = '127.0.0.1';
/** Below the ephemeral range, apart from the contract suites' ranges; the leg skips ports in use. */
const BASE = 30000 + (process.pid % 27) * 100;
const WAIT = { timeout: 3000, interval: 2 };

/** Timers that run only when the test moves the clock; records every delay asked for. */
interface Peer { rtp: Socket; rtcp: Socket; port: number; gotRtp: { packet: RtpPacket; from: RemoteInfo }[]; gotRtcp: Uint8Array[] }

const sockets: Socket[] = [];
const legs: RtpLeg[] = [];
afterEach(async () => {
  await Promise.all(legs.splice(0).map((l) => l.close()));
  await Promise.all(sockets.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

function bind(port: number, address = HOST): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', (err) => { s.close(); reject(err); });
    s.bind(port, address, () => { sockets.push(s); resolve(s); });
  });
}

/** A raw RTP/RTCP peer on an even port and the one above, recording what arrives. */
async function peer(from: number): Promise<Peer> {
  for (let port = from; port < BASE + 99; port += 2) {
    let rtp: Socket | undefined;
    try {
      rtp = await bind(port);
      const rtcp = await bind(port + 1);
      const p: Peer = { rtp, rtcp, port, gotRtp: [], gotRtcp: [] };
      rtp.on('message', (msg, info) => p.gotRtp.push({ packet: parseRtpPacket(new Uint8Array(msg)), from: info }));
      rtcp.on('message', (msg) => p.gotRtcp.push(new Uint8Array(msg)));
      return p;
    } catch {
      const half = rtp;
      if (half !== undefined) {
        sockets.splice(sockets.indexOf(half), 1);
        await new Promise<void>((r) => half.close(() => r()));
      }
    }
  }
  throw new Error('no port pair free for a test peer');
}

async function leg(timer: MediaTimer, name = 'leg', extra: Partial<RtpLegOptions> = {}): Promise<{ leg: RtpLeg; port: number }> {
  const l = new RtpLeg({ pool: new MediaPortPool({ min: BASE, max: BASE + 49 }), bindAddress: HOST, timer, ...extra }, name);
  legs.push(l);
  return { leg: l, port: (await l.allocate()).port };
}

const tone = (i: number): Frame => Int16Array.from({ length: FRAME_SAMPLES }, (_, k) => Math.round(8000 * Math.sin((k + i * FRAME_SAMPLES) / 5)));
const g711 = (f: Frame, law: 'PCMU' | 'PCMA'): Frame => decodeFrame(encodeFrame(f, law), law);

function rtpFrom(s: Socket, to: number, p: Partial<RtpPacket> & { ssrc: number; sequence: number; timestamp: number }, payload: Uint8Array = encodeFrame(tone(p.sequence), 'PCMU')): void {
  s.send(serializeRtpPacket({ marker: false, payloadType: 0, csrc: [], padding: 0, payload, ...p }), to, HOST);
}

describe('RtpLeg on 127.0.0.1', () => {
  it('is its own audio leg (MediaEndpoint.audio), so the line conference can connect it', () => {
    const l = new RtpLeg({ pool: new MediaPortPool({ min: BASE, max: BASE + 49 }), bindAddress: HOST, timer: new ManualMediaTimer() }, 'audio');
    expect(l.audio).toBe(l);
  });

  it('sends G.711 RTP from its RTP port: header, payload, timestamps that run on while it does not send', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l, port } = await leg(timer);
    const p = await peer(BASE + 50);
    l.setRemote({ address: HOST, port: p.port, payloadType: 8, direction: 'sendrecv' });
    l.write(tone(0));
    l.write(tone(1));
    await vi.waitFor(() => expect(p.gotRtp).toHaveLength(2), WAIT);
    const [a, b] = p.gotRtp.map((g) => g.packet);
    expect(p.gotRtp[0]?.from.port).toBe(port); // symmetric: sent from the port in the SDP
    expect(a).toMatchObject({ payloadType: 8, marker: true, ssrc: l.stats().ssrc, csrc: [], padding: 0 });
    expect(b).toMatchObject({ payloadType: 8, marker: false, ssrc: a?.ssrc, sequence: ((a?.sequence ?? 0) + 1) & 0xffff, timestamp: ((a?.timestamp ?? 0) + 160) >>> 0 });
    expect(a?.payload).toEqual(encodeFrame(tone(0), 'PCMA'));

    l.setRemote({ address: HOST, port: p.port, payloadType: 8, direction: 'recvonly' });
    l.write(tone(2));
    l.write(tone(3));
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, direction: 'inactive' });
    l.write(tone(4));
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, direction: 'sendrecv' });
    l.write(tone(5));
    await vi.waitFor(() => expect(p.gotRtp).toHaveLength(3), WAIT);
    // Loopback keeps order: nothing was sent in between, and the timestamp moved on 4 ticks.
    expect(p.gotRtp[2]?.packet).toMatchObject({ payloadType: 0, marker: true, sequence: ((b?.sequence ?? 0) + 1) & 0xffff, timestamp: ((b?.timestamp ?? 0) + 4 * 160) >>> 0 });
    expect(p.gotRtp[2]?.packet.payload).toEqual(encodeFrame(tone(5), 'PCMU'));
    expect(l.stats()).toMatchObject({ packetsOut: 3, bytesOut: 3 * 172 });
  });

  it('two legs talk: audio through the jitter buffer, and a digit both ways exactly once', async () => {
    const timer = new ManualMediaTimer();
    const { leg: a, port: pa } = await leg(timer, 'a');
    const { leg: b, port: pb } = await leg(timer, 'b');
    a.setRemote({ address: HOST, port: pb, payloadType: 0, telephoneEvent: 101, direction: 'sendrecv' });
    b.setRemote({ address: HOST, port: pa, payloadType: 0, telephoneEvent: 101, direction: 'sendrecv' });
    const heardByA: string[] = [];
    const heardByB: string[] = [];
    a.on('digit', (d) => heardByA.push(d));
    const off = b.on('digit', (d) => heardByB.push(d));
    const atB: (Frame | null)[] = [];
    const tick = async (i: number): Promise<void> => {
      timer.advance(20);
      const [ina, inb] = [a.stats().packetsIn, b.stats().packetsIn];
      a.write(tone(i));
      b.write(tone(100 + i));
      await vi.waitFor(() => expect([a.stats().packetsIn, b.stats().packetsIn]).toEqual([ina + 1, inb + 1]), WAIT);
      atB.push(b.read()?.slice() ?? null); // a read frame is ours only until the next read()
      a.read();
    };
    for (let i = 0; i < 10; i += 1) await tick(i);
    expect(atB.slice(0, 3)).toEqual([null, null, null]); // 60 ms of playout delay
    expect(atB.slice(3)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => g711(tone(i), 'PCMU')));
    expect(b.stats()).toMatchObject({ latched: `${HOST}:${pa}`, lost: 0, late: 0 });

    expect(a.sendDigit('7')).toBe(true);
    expect(b.sendDigit('#')).toBe(true);
    for (let i = 10; i < 22; i += 1) await tick(i);
    expect(heardByB).toEqual(['7']);
    expect(heardByA).toEqual(['#']);
    expect(a.stats()).toMatchObject({ digitsOut: 1, digitsIn: 1 });
    off();
    expect(a.sendDigit('1')).toBe(true);
    for (let i = 22; i < 30; i += 1) await tick(i);
    expect(heardByB).toEqual(['7']); // unsubscribed
  });

  it('sends RFC 4733 packets for a digit on the wire, then audio with a new talkspurt', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l } = await leg(timer, 'dtmf', { dtmf: { durationMs: 60, gapMs: 0 } });
    const p = await peer(BASE + 50);
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, direction: 'sendrecv' });
    expect(l.sendDigit('5')).toBe(false); // no telephone-event negotiated
    expect(() => l.sendDigit('x')).toThrow(/digit/);
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, telephoneEvent: 96, direction: 'sendrecv' });
    l.write(tone(0));
    expect(l.sendDigit('9')).toBe(true);
    for (let i = 1; i <= 6; i += 1) l.write(tone(i));
    await vi.waitFor(() => expect(p.gotRtp).toHaveLength(7), WAIT);
    const got = p.gotRtp.map((g) => g.packet);
    const events = got.slice(1, 6).map((x) => ({ pt: x.payloadType, m: x.marker, ts: x.timestamp, ...decodeTelephoneEvent(x.payload) }));
    const start = ((got[0]?.timestamp ?? 0) + 160) >>> 0;
    expect(events).toEqual([
      { pt: 96, m: true, ts: start, event: 9, end: false, volume: 10, duration: 160 },
      { pt: 96, m: false, ts: start, event: 9, end: false, volume: 10, duration: 320 },
      { pt: 96, m: false, ts: start, event: 9, end: true, volume: 10, duration: 480 },
      { pt: 96, m: false, ts: start, event: 9, end: true, volume: 10, duration: 480 },
      { pt: 96, m: false, ts: start, event: 9, end: true, volume: 10, duration: 480 },
    ]);
    expect(got[6]).toMatchObject({ payloadType: 0, marker: true, timestamp: (start + 5 * 160) >>> 0 });
    expect(got.map((x) => x.sequence)).toEqual(got.map((_, i) => ((got[0]?.sequence ?? 0) + i) & 0xffff));
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, telephoneEvent: 96, direction: 'recvonly' });
    expect(l.sendDigit('1')).toBe(false);
  });

  it('takes events on the payload type of its own SDP (101) as well as the peer\'s', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l, port } = await leg(timer);
    const p = await peer(BASE + 50);
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, telephoneEvent: 96, direction: 'sendrecv' });
    const digits: string[] = [];
    l.on('digit', (d) => digits.push(d));
    const event = (code: number): Uint8Array => Uint8Array.of(code, 0x8a, 0x03, 0x20);
    rtpFrom(p.rtp, port, { ssrc: 1, sequence: 1, timestamp: 0, payloadType: 101, marker: true }, event(4));
    rtpFrom(p.rtp, port, { ssrc: 1, sequence: 2, timestamp: 0, payloadType: 101 }, event(4));
    rtpFrom(p.rtp, port, { ssrc: 1, sequence: 3, timestamp: 800, payloadType: 96, marker: true }, event(11));
    rtpFrom(p.rtp, port, { ssrc: 1, sequence: 4, timestamp: 1600, payloadType: 97, marker: true }, event(1));
    await vi.waitFor(() => expect(l.stats().packetsIn).toBe(4), WAIT);
    expect(digits).toEqual(['4', '#']);
    expect(l.stats()).toMatchObject({ digitsIn: 2, unexpected: 1 });
  });

  it('latches onto the source of the first valid RTP and keeps to it (strict RTP): strangers never get in until it is quiet for 500 ms', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l, port } = await leg(timer);
    const sdp = await peer(BASE + 50);
    const nat = await peer(sdp.port + 2);
    const moved = await peer(nat.port + 2);
    const stranger = await bind(0, '127.0.0.2');
    l.setRemote({ address: HOST, port: sdp.port, payloadType: 0, direction: 'sendrecv' });
    l.write(tone(0));
    await vi.waitFor(() => expect(sdp.gotRtp).toHaveLength(1), WAIT); // before a packet came: to the SDP address

    rtpFrom(nat.rtp, port, { ssrc: 0x1111, sequence: 1, timestamp: 0, payloadType: 96 }); // not negotiated
    rtpFrom(nat.rtp, port, { ssrc: 0x1111, sequence: 2, timestamp: 160 });
    await vi.waitFor(() => expect(l.stats().latched).toBe(`${HOST}:${nat.port}`), WAIT);
    expect(l.stats().unexpected).toBe(1);
    l.write(tone(1));
    await vi.waitFor(() => expect(nat.gotRtp).toHaveLength(1), WAIT);

    // Sent in one go, so they are read in one go: a stranger, then another port of the SDP
    // address with a new SSRC (media moved without a re-INVITE), then the latched source.
    rtpFrom(stranger, port, { ssrc: 0x2222, sequence: 9, timestamp: 0 });
    rtpFrom(moved.rtp, port, { ssrc: 0x3333, sequence: 500, timestamp: 99 });
    rtpFrom(nat.rtp, port, { ssrc: 0x1111, sequence: 3, timestamp: 320 });
    await vi.waitFor(() => expect(l.stats().packetsIn).toBeGreaterThanOrEqual(3), WAIT);
    expect(l.stats()).toMatchObject({ packetsIn: 3, foreign: 0, relatches: 0, latched: `${HOST}:${nat.port}`, remoteSsrc: 0x1111 });

    // The latched source falls quiet for 500 ms: the next tick lets others in, and the moved media takes the latch.
    timer.advance(500);
    l.write(tone(2));
    await vi.waitFor(() => expect(nat.gotRtp).toHaveLength(2), WAIT); // still the latched target until another source comes
    rtpFrom(moved.rtp, port, { ssrc: 0x3333, sequence: 501, timestamp: 259 });
    await vi.waitFor(() => expect(l.stats().latched).toBe(`${HOST}:${moved.port}`), WAIT);
    l.write(tone(3));
    await vi.waitFor(() => expect(moved.gotRtp).toHaveLength(1), WAIT);
    expect(l.stats()).toMatchObject({ relatches: 1, remoteSsrc: 0x3333, packetsIn: 4 });
    expect([sdp.gotRtp.length, nat.gotRtp.length]).toEqual([1, 2]);

    // And now it keeps to the new source: nat's late packet does not get in.
    rtpFrom(nat.rtp, port, { ssrc: 0x1111, sequence: 4, timestamp: 480 });
    rtpFrom(moved.rtp, port, { ssrc: 0x3333, sequence: 502, timestamp: 419 });
    await vi.waitFor(() => expect(l.stats().packetsIn).toBeGreaterThanOrEqual(5), WAIT);
    expect(l.stats()).toMatchObject({ packetsIn: 5, foreign: 0, latched: `${HOST}:${moved.port}` });
  });

  it('a new SDP address lets any source in again at once (the re-INVITE moved the media)', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l, port } = await leg(timer);
    const first = await peer(BASE + 50);
    const second = await peer(first.port + 2);
    l.setRemote({ address: HOST, port: first.port, payloadType: 0, direction: 'sendrecv' });
    rtpFrom(first.rtp, port, { ssrc: 0x1111, sequence: 1, timestamp: 0 });
    await vi.waitFor(() => expect(l.stats().latched).toBe(`${HOST}:${first.port}`), WAIT);
    l.setRemote({ address: HOST, port: second.port, payloadType: 0, direction: 'sendrecv' });
    rtpFrom(second.rtp, port, { ssrc: 0x2222, sequence: 7, timestamp: 0 });
    await vi.waitFor(() => expect(l.stats().latched).toBe(`${HOST}:${second.port}`), WAIT);
    l.write(tone(0));
    await vi.waitFor(() => expect(second.gotRtp).toHaveLength(1), WAIT);
    expect(first.gotRtp).toHaveLength(0);
  });

  it('plays a new SSRC from the peer (hold/resume) after the playout delay, without a stall', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l, port } = await leg(timer);
    const p = await peer(BASE + 50);
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, direction: 'sendrecv' });
    const out: (Frame | null)[] = [];
    let n = 0;
    const send = async (ssrc: number, sequence: number, timestamp: number, id: number): Promise<void> => {
      timer.advance(20);
      rtpFrom(p.rtp, port, { ssrc, sequence, timestamp }, encodeFrame(tone(id), 'PCMU'));
      n += 1;
      await vi.waitFor(() => expect(l.stats().packetsIn).toBe(n), WAIT);
      out.push(l.read()?.slice() ?? null);
    };
    for (let i = 0; i < 6; i += 1) await send(0xa, (65533 + i) & 0xffff, (0xfffffe00 + i * 160) >>> 0, i); // across both wraps
    for (let i = 0; i < 6; i += 1) await send(0xb, 17 + i, 123456 + i * 160, 50 + i);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out.slice(3, 6)).toEqual([0, 1, 2].map((i) => g711(tone(i), 'PCMU')));
    expect(out.slice(6, 9)).toEqual([null, null, null]);
    expect(out.slice(9)).toEqual([50, 51, 52].map((i) => g711(tone(i), 'PCMU')));
    expect(l.stats()).toMatchObject({ remoteSsrc: 0xb, late: 0 });
  });

  it('RTCP: an SR at most 5 s apart while sending, the peer report kept, BYE on close, ports released', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l, port } = await leg(timer, 'rtcp', { cname: 'keyline@test', wallClock: () => Date.UTC(2026, 10, 23) });
    const p = await peer(BASE + 50);
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, direction: 'sendrecv' });
    for (let i = 0; i < 3; i += 1) l.write(tone(i));
    await vi.waitFor(() => expect(p.gotRtp).toHaveLength(3), WAIT);
    const lastTs = p.gotRtp[2]?.packet.timestamp ?? 0;
    rtpFrom(p.rtp, port, { ssrc: 0x5555, sequence: 1, timestamp: 0 });
    rtpFrom(p.rtp, port, { ssrc: 0x5555, sequence: 2, timestamp: 160 });
    await vi.waitFor(() => expect(l.stats().packetsIn).toBe(2), WAIT);

    timer.advance(5000);
    await vi.waitFor(() => expect(p.gotRtcp.length).toBeGreaterThanOrEqual(1), WAIT);
    const [sr, sdes] = parseRtcp(p.gotRtcp[0] ?? new Uint8Array());
    expect(sr).toMatchObject({ type: 'sr', ssrc: l.stats().ssrc, packetCount: 3, octetCount: 480, reports: [{ ssrc: 0x5555, extendedHighestSequence: 2, cumulativeLost: 0 }] });
    // Stamped at its own instant: the last tick's timestamp plus the time since, at 8 kHz.
    expect(sr?.type === 'sr' && sr.rtpTimestamp).toBe((lastTs + Math.round(8 * (timer.delays[0] ?? NaN))) >>> 0);
    expect(sdes).toEqual({ type: 'sdes', chunks: [{ ssrc: l.stats().ssrc, items: [{ type: 1, text: 'keyline@test' }] }] });
    timer.advance(30_000);
    await vi.waitFor(() => expect(p.gotRtcp.length).toBeGreaterThanOrEqual(7), WAIT);
    expect(timer.delays.every((d) => d <= 5000)).toBe(true);
    expect(parseRtcp(p.gotRtcp.at(-1) ?? new Uint8Array())[0]?.type).toBe('rr'); // no RTP sent for two reports

    const rr = serializeRtcp([{ type: 'rr', ssrc: 0x5555, reports: [{ ssrc: l.stats().ssrc, fractionLost: 12, cumulativeLost: 3, extendedHighestSequence: 9, jitter: 80, lastSenderReport: 0, delaySinceLastSenderReport: 0 }] }]);
    p.rtcp.send(rr, port + 1, HOST);
    p.rtcp.send(Uint8Array.of(1, 2, 3), port + 1, HOST);
    await vi.waitFor(() => expect(l.stats().rtcpIn).toBe(2), WAIT);
    expect(l.stats()).toMatchObject({ peerReport: { fractionLost: 12, cumulativeLost: 3, jitterMs: 10 }, malformed: 1 });

    const before = p.gotRtcp.length;
    await l.close();
    await vi.waitFor(() => expect(p.gotRtcp.length).toBe(before + 1), WAIT);
    const last = parseRtcp(p.gotRtcp.at(-1) ?? new Uint8Array());
    expect(last.map((x) => x.type)).toEqual(['rr', 'sdes', 'bye']);
    expect(last[2]).toEqual({ type: 'bye', ssrcs: [l.stats().ssrc] });
    timer.advance(60_000);
    await bind(port);
    await bind(port + 1);
    expect(l.stats().state).toBe('closed');
  });

  it('RTCP rides the media clock: a leg ticked every 20 ms sends its reports from the ticks, and its own timer never fires', async () => {
    const timer = new ManualMediaTimer();
    let fired = 0;
    const counting: MediaTimer = {
      now: () => timer.now(),
      setTimeout: (fn, ms) => timer.setTimeout(() => { fired += 1; fn(); }, ms),
      clearTimeout: (h) => timer.clearTimeout(h),
    };
    const { leg: l } = await leg(counting, 'rtcp-tick');
    const p = await peer(BASE + 50);
    l.setRemote({ address: HOST, port: p.port, payloadType: 0, direction: 'sendrecv' });
    for (let tick = 0; tick < 500; tick += 1) { // 10 s of ticks
      timer.advance(20);
      l.write(tone(tick));
    }
    await vi.waitFor(() => expect(l.stats().rtcpOut).toBeGreaterThanOrEqual(2), WAIT);
    expect(fired).toBe(0);
    await vi.waitFor(() => expect(p.gotRtcp).toHaveLength(l.stats().rtcpOut), WAIT);
    // Left alone (no more ticks), it still reports on its own, at most 5 s after the last.
    const before = l.stats().rtcpOut;
    timer.advance(5000);
    expect(fired).toBeGreaterThanOrEqual(1);
    expect(l.stats().rtcpOut).toBe(before + fired);
  });

  it('counts the peer BYE and refuses RTCP from strangers', async () => {
    const timer = new ManualMediaTimer();
    const { leg: l, port } = await leg(timer);
    l.setRemote({ address: HOST, port: 9, payloadType: 0, direction: 'sendrecv' });
    const stranger = await bind(0, '127.0.0.2');
    const friend = await bind(0);
    stranger.send(serializeRtcp([{ type: 'bye', ssrcs: [1] }]), port + 1, HOST);
    friend.send(serializeRtcp([{ type: 'rr', ssrc: 1, reports: [] }, { type: 'bye', ssrcs: [1], reason: 'hold' }]), port + 1, HOST);
    await vi.waitFor(() => expect(l.stats().rtcpIn).toBe(2), WAIT);
    expect(l.stats()).toMatchObject({ byeReceived: true, foreign: 1 });
  });

  it('the factory: makes legs on one pool, hands each to onLeg, finds open legs by name', async () => {
    const made: string[] = [];
    const pool = new MediaPortPool({ min: BASE, max: BASE + 49 });
    const factory = new RtpLegFactory({ pool, bindAddress: HOST, timer: new ManualMediaTimer(), onLeg: (l) => made.push(l.leg) });
    const a = factory.create('alert-1');
    const b = factory.create('alert-2');
    legs.push(a, b);
    expect(made).toEqual(['alert-1', 'alert-2']);
    expect(factory.get('alert-1')).toBe(a);
    await a.allocate();
    await a.close();
    expect(factory.get('alert-1')).toBeUndefined();
    expect(factory.size).toBe(1);
    expect(pool.inUse).toBe(0);
  });

  it('the factory defaults to the system timer', async () => {
    const pool = new MediaPortPool({ min: BASE, max: BASE + 49 });
    const l = new RtpLegFactory({ pool, bindAddress: HOST }).create('system');
    legs.push(l);
    await l.allocate();
    await l.close();
    expect(pool.inUse).toBe(0);
  });

  it('write and read are harmless before allocate and after close; a frame of another length is misuse', async () => {
    const l = new RtpLeg({ pool: new MediaPortPool({ min: BASE, max: BASE + 49 }), bindAddress: HOST, timer: new ManualMediaTimer() });
    legs.push(l);
    l.write(tone(0));
    expect(l.read()).toBeNull();
    expect(() => l.write(new Int16Array(80))).toThrow(/160 samples/);
    await l.close();
    l.write(tone(0));
    expect(l.read()).toBeNull();
    expect(l.stats()).toMatchObject({ state: 'closed', packetsOut: 0, localPort: null });
  });
});

describe('RtpLeg in a line conference on the media clock', () => {
  it('two phones bridged: each hears the other through leg, jitter buffer, mixer and leg; digits reach the listener', async () => {
    const timer = new ManualMediaTimer();
    const clock = new MediaClock({ timer });
    const conference = new Conference();
    const factory = new RtpLegFactory({
      pool: new MediaPortPool({ min: BASE, max: BASE + 49 }), bindAddress: HOST, timer,
      onLeg: (leg) => { conference.add({ source: leg, sink: leg, name: leg.leg }); },
    });
    const phoneA = await peer(BASE + 50);
    const phoneB = await peer(phoneA.port + 2);
    const legA = factory.create('station-a');
    const legB = factory.create('station-b');
    legs.push(legA, legB);
    const [pa, pb] = [(await legA.allocate()).port, (await legB.allocate()).port];
    legA.setRemote({ address: HOST, port: phoneA.port, payloadType: 0, telephoneEvent: 101, direction: 'sendrecv' });
    legB.setRemote({ address: HOST, port: phoneB.port, payloadType: 8, direction: 'sendrecv' });
    const digits: string[] = [];
    legA.on('digit', (d) => digits.push(d));
    const stop = clock.subscribe(() => conference.tick());

    // Each 20 ms: both phones send a frame, the packets arrive, then the clock ticks once.
    for (let i = 0; i < 12; i += 1) {
      const [ina, inb] = [legA.stats().packetsIn, legB.stats().packetsIn];
      rtpFrom(phoneA.rtp, pa, { ssrc: 0xa, sequence: i, timestamp: i * 160 }, encodeFrame(tone(i), 'PCMU'));
      rtpFrom(phoneB.rtp, pb, { ssrc: 0xb, sequence: i, timestamp: i * 160, payloadType: 8 }, encodeFrame(tone(50 + i), 'PCMA'));
      await vi.waitFor(() => expect([legA.stats().packetsIn, legB.stats().packetsIn]).toEqual([ina + 1, inb + 1]), WAIT);
      timer.advance(20);
    }
    rtpFrom(phoneA.rtp, pa, { ssrc: 0xa, sequence: 12, timestamp: 12 * 160, payloadType: 101, marker: true }, Uint8Array.of(5, 10, 0, 160));
    await vi.waitFor(() => expect(digits).toEqual(['5']), WAIT);
    stop();

    await vi.waitFor(() => expect([phoneA.gotRtp.length, phoneB.gotRtp.length]).toEqual([12, 12]), WAIT);
    // A hears B's frames (PCMA from B, decoded, mixed, PCMU to A) after the playout delay; B hears A's.
    const heardByA = phoneA.gotRtp.map((g) => decodeFrame(g.packet.payload, 'PCMU'));
    const heardByB = phoneB.gotRtp.map((g) => decodeFrame(g.packet.payload, 'PCMA'));
    // Three ticks of silence (60 ms playout delay; PCMU silence decodes to 0, PCMA's to 8), then the other phone.
    expect(heardByA.slice(0, 3).every((f) => f.every((x) => x === 0))).toBe(true);
    expect(heardByB.slice(0, 3).every((f) => f.every((x) => x === 8))).toBe(true);
    expect(heardByA.slice(3, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => g711(g711(tone(50 + i), 'PCMA'), 'PCMU')));
    expect(heardByB.slice(3, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => g711(g711(tone(i), 'PCMU'), 'PCMA')));
    expect(phoneA.gotRtp.every((g) => g.packet.payloadType === 0 && g.packet.ssrc === legA.stats().ssrc)).toBe(true);
    expect(phoneB.gotRtp.every((g) => g.packet.payloadType === 8)).toBe(true);
    expect(factory.get('station-a')).toBe(legA);
    await legA.close();
    expect(factory.get('station-a')).toBeUndefined();
  });
});
