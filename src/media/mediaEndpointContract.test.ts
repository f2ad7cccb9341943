import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FRAME_SAMPLES } from './Frame.js';
import { MediaError } from './MediaEndpoint.js';
import type { MediaEndpoint, MediaEndpointFactory, MediaLog, RemoteMedia } from './MediaEndpoint.js';
import { MediaPortPool } from './MediaPortPool.js';
import { RtpLeg } from './RtpLeg.js';
import { RtpLegFactory } from './RtpLegFactory.js';
import type { MediaTimer } from './clock/MediaTimer.js';

/**
 * The MediaEndpoint contract (MediaEndpoint.ts), as one suite any implementation runs (STYLE.md
 * 1); RtpLeg is the one keyline has. An implementation that sends is driven with `tick()` in
 * every state where the contract forbids sending, and must count nothing sent.
 */
interface Subject<E extends MediaEndpoint> {
  name: string;
  /** Its ports: below Linux's ephemeral range, offset by pid; every test has ten of its own. */
  base: number;
  make(options: { pool: MediaPortPool; bindAddress: string; advertisedAddress?: string; log?: MediaLog }, leg?: string): E;
  factory(options: { pool: MediaPortPool; bindAddress: string }): MediaEndpointFactory;
  remote(ep: E): RemoteMedia | undefined;
  /** Datagrams it has read from its RTP and RTCP ports. */
  absorbed(ep: E): { rtp: number; rtcp: number };
  /** RTP packets it has sent. */
  sent(ep: E): number;
  /** One media-clock tick of audio to send, where the implementation has a media side. */
  tick(ep: E): void;
}

/** A timer that never fires by itself: the contract does not depend on time. */
const stillTimer: MediaTimer = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };
const PID_BASE = 10000 + (process.pid % 90) * 100;

const rtpLeg: Subject<RtpLeg> = {
  name: 'RtpLeg',
  base: PID_BASE,
  make: (options, leg) => new RtpLeg({ ...options, timer: stillTimer }, leg),
  factory: (options) => new RtpLegFactory({ ...options, timer: stillTimer }),
  remote: (ep) => ep.remote,
  absorbed: (ep) => ({ rtp: ep.stats().packetsIn, rtcp: ep.stats().rtcpIn }),
  sent: (ep) => ep.stats().packetsOut + ep.stats().rtcpOut,
  tick: (ep) => ep.write(new Int16Array(FRAME_SAMPLES).fill(1000)),
};

function mediaEndpointContract<E extends MediaEndpoint>(s: Subject<E>): void {
  const HOST = '127.0.0.1';
  const remote: RemoteMedia = { address: '127.0.0.1', port: 6000, payloadType: 0, telephoneEvent: 101, direction: 'sendrecv' };
  const open: Socket[] = [];
  const endpoints: E[] = [];
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((e) => e.close()));
    await Promise.all(open.splice(0).map((sock) => new Promise<void>((r) => sock.close(() => r()))));
  });

  const endpoint = (pool: MediaPortPool, leg = 'test', log?: MediaLog): E => {
    const e = s.make({ pool, bindAddress: HOST, ...(log === undefined ? {} : { log }) }, leg);
    endpoints.push(e);
    return e;
  };
  const bind = (port: number): Promise<Socket> => new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', reject);
    sock.bind(port, HOST, () => { open.push(sock); resolve(sock); });
  });
  const range = (i: number): MediaPortPool => new MediaPortPool({ min: s.base + 10 * i, max: s.base + 10 * i + 9 });

  describe(`MediaEndpoint contract: ${s.name} on 127.0.0.1`, () => {
    it('allocate binds an even RTP port and its RTCP port; datagrams are read; close releases both', async () => {
      const pool = range(0);
      const ep = endpoint(pool);
      const local = await ep.allocate();
      expect(local).toEqual({ address: HOST, port: s.base });
      expect(pool.inUse).toBe(1);
      await expect(bind(s.base)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      await expect(bind(s.base + 1)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      const phone = await bind(0);
      phone.send(Buffer.alloc(172, 0xff), local.port, HOST);
      phone.send(Buffer.alloc(8), local.port + 1, HOST);
      await vi.waitFor(() => expect(s.absorbed(ep)).toEqual({ rtp: 1, rtcp: 1 }), { timeout: 2000, interval: 5 });
      await ep.close();
      expect(pool.inUse).toBe(0);
      await bind(s.base);
      await bind(s.base + 1);
    });

    it('setRemote: refused before allocate, replaces the remote after, checks its fields, ignored after close', async () => {
      const ep = endpoint(range(1));
      expect(() => ep.setRemote(remote)).toThrow(/allocate\(\) first/);
      await ep.allocate();
      ep.setRemote(remote);
      ep.setRemote({ ...remote, direction: 'recvonly', telephoneEvent: 127 });
      expect(s.remote(ep)).toEqual({ ...remote, direction: 'recvonly', telephoneEvent: 127 });
      expect(() => ep.setRemote({ ...remote, port: 70000 })).toThrow(/remote.port/);
      expect(() => ep.setRemote({ ...remote, address: '2001:db8::1' })).toThrow(/remote.address/);
      expect(() => ep.setRemote({ ...remote, payloadType: 200 })).toThrow(/remote.payloadType/);
      expect(() => ep.setRemote({ ...remote, telephoneEvent: -1 })).toThrow(/remote.telephoneEvent/);
      await ep.close();
      ep.setRemote({ ...remote, port: 7000 });
      expect(s.remote(ep)?.port).toBe(6000);
    });

    it('skips a port another socket holds; bind-failed when no port of the range can be bound', async () => {
      const pool = new MediaPortPool({ min: s.base + 20, max: s.base + 23 });
      await bind(s.base + 21); // the first pair's RTCP port is taken
      const lines: string[] = [];
      const ep = endpoint(pool, 'x', { log: (level, _c, f) => lines.push(`${level} ${String(f.event)} ${String(f.port)}`) });
      expect((await ep.allocate()).port).toBe(s.base + 22);
      expect(lines).toContain(`notice port-taken ${s.base + 20}`);
      expect(pool.inUse).toBe(1);
      await expect(endpoint(pool).allocate()).rejects.toMatchObject({ name: 'MediaError', code: 'bind-failed' });
      await expect(endpoint(pool).allocate()).rejects.toBeInstanceOf(MediaError);
      expect(pool.inUse).toBe(1);
    });

    it('reports exhaustion as MediaError ports-exhausted', async () => {
      const pool = new MediaPortPool({ min: s.base + 30, max: s.base + 31 });
      await endpoint(pool).allocate();
      await expect(endpoint(pool).allocate()).rejects.toMatchObject({ code: 'ports-exhausted' });
    });

    it('close is idempotent and safe while allocate is pending; allocate twice is misuse', async () => {
      const pool = range(4);
      const ep = endpoint(pool);
      const allocating = ep.allocate();
      expect(() => ep.allocate()).toThrow(/already allocating/);
      const closed = ep.close();
      expect(ep.close()).toBe(closed);
      await expect(allocating).rejects.toMatchObject({ code: 'closed' });
      await closed;
      expect(pool.inUse).toBe(0);
      await ep.close();
      const late = endpoint(pool);
      await late.close();
      expect(() => late.allocate()).toThrow(/already closed/);
    });

    it('a factory makes independent endpoints on one pool', async () => {
      const pool = range(5);
      const factory = s.factory({ pool, bindAddress: HOST });
      const [a, b] = [factory.create('a'), factory.create('b')];
      const ports = [(await a.allocate()).port, (await b.allocate()).port];
      expect(ports).toEqual([s.base + 50, s.base + 52]);
      await Promise.all([a.close(), b.close()]);
      expect(pool.inUse).toBe(0);
    });

    it('refuses bad addresses at construction', () => {
      const pool = range(6);
      expect(() => s.make({ pool, bindAddress: 'localhost' })).toThrow(/bindAddress/);
      expect(() => s.make({ pool, bindAddress: '0.0.0.0' })).toThrow(/advertisedAddress/);
      expect(s.make({ pool, bindAddress: '0.0.0.0', advertisedAddress: '192.0.2.7' })).toBeTruthy();
    });

    it('sends nothing before setRemote, while recvonly or inactive, to port 0 or 0.0.0.0, nor after close', async () => {
      const ep = endpoint(range(7));
      await ep.allocate();
      const ticks = (): void => { for (let i = 0; i < 5; i += 1) s.tick(ep); };
      ticks();
      for (const r of [
        { ...remote, direction: 'recvonly' as const }, { ...remote, direction: 'inactive' as const },
        { ...remote, port: 0 }, { ...remote, address: '0.0.0.0', direction: 'sendonly' as const },
      ]) {
        ep.setRemote(r);
        ticks();
      }
      expect(s.sent(ep)).toBe(0);
      await ep.close();
      ticks();
      expect(s.sent(ep)).toBe(0);
    });

    it('reads what arrives whatever the direction, before and after setRemote', async () => {
      const ep = endpoint(range(8));
      const local = await ep.allocate();
      const phone = await bind(0);
      phone.send(Buffer.alloc(172, 0xff), local.port, HOST);
      await vi.waitFor(() => expect(s.absorbed(ep).rtp).toBe(1), { timeout: 2000, interval: 5 });
      ep.setRemote({ ...remote, address: HOST, port: phone.address().port, direction: 'inactive' });
      phone.send(Buffer.alloc(172, 0xff), local.port, HOST);
      phone.send(Buffer.alloc(20), local.port + 1, HOST);
      await vi.waitFor(() => expect(s.absorbed(ep)).toEqual({ rtp: 2, rtcp: 1 }), { timeout: 2000, interval: 5 });
    });
  });
}

mediaEndpointContract(rtpLeg);
