import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaError } from './MediaEndpoint.js';
import type { RemoteMedia } from './MediaEndpoint.js';
import { MediaPortPool } from './MediaPortPool.js';
import { SilentMediaEndpoint, silentMediaEndpoints } from './SilentMediaEndpoint.js';

const HOST = '127.0.0.1';
/**
 * Below Linux's ephemeral range (32768+), offset by the worker's pid so that two runs of this
 * suite at once (a shared machine) rarely meet; within a run every test has its own ten ports.
 */
const BASE = 20000 + (process.pid % 100) * 100;
const remote: RemoteMedia = { address: '127.0.0.1', port: 6000, payloadType: 0, telephoneEvent: 101, direction: 'sendrecv' };

const open: Socket[] = [];
const endpoints: SilentMediaEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
  await Promise.all(open.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

function endpoint(pool: MediaPortPool, leg = 'test'): SilentMediaEndpoint {
  const e = new SilentMediaEndpoint({ pool, bindAddress: HOST }, leg);
  endpoints.push(e);
  return e;
}

function bind(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(port, HOST, () => { open.push(s); resolve(s); });
  });
}

describe('SilentMediaEndpoint on 127.0.0.1', () => {
  it('binds an even RTP port and its RTCP port, absorbs datagrams, and releases both on close', async () => {
    const pool = new MediaPortPool({ min: BASE, max: BASE + 9 });
    const ep = endpoint(pool);
    const local = await ep.allocate();
    expect(local).toEqual({ address: HOST, port: BASE });
    expect(pool.inUse).toBe(1);
    await expect(bind(BASE)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(bind(BASE + 1)).rejects.toMatchObject({ code: 'EADDRINUSE' });

    const phone = await bind(0);
    phone.send(Buffer.alloc(172, 0xff), local.port, HOST);
    phone.send(Buffer.alloc(8), local.port + 1, HOST);
    await vi.waitFor(() => expect(ep.received).toEqual({ rtp: 1, rtpBytes: 172, rtcp: 1 }), { timeout: 2000, interval: 5 });

    await ep.close();
    expect(pool.inUse).toBe(0);
    await bind(BASE);
    await bind(BASE + 1);
  });

  it('records the remote after allocate, ignores it after close, refuses it before', async () => {
    const ep = endpoint(new MediaPortPool({ min: BASE + 10, max: BASE + 19 }));
    expect(() => ep.setRemote(remote)).toThrow(/allocate\(\) first/);
    await ep.allocate();
    ep.setRemote(remote);
    ep.setRemote({ ...remote, direction: 'recvonly', telephoneEvent: 127 });
    expect(ep.remote).toEqual({ ...remote, direction: 'recvonly', telephoneEvent: 127 });
    expect(() => ep.setRemote({ ...remote, port: 70000 })).toThrow(/remote.port/);
    expect(() => ep.setRemote({ ...remote, address: '2001:db8::1' })).toThrow(/remote.address/);
    expect(() => ep.setRemote({ ...remote, payloadType: 200 })).toThrow(/remote.payloadType/);
    await ep.close();
    ep.setRemote({ ...remote, port: 7000 });
    expect(ep.remote?.port).toBe(6000);
  });

  it('skips a port another socket holds, and fails with ports-exhausted when the range is used up', async () => {
    const pool = new MediaPortPool({ min: BASE + 20, max: BASE + 23 });
    await bind(BASE + 21); // the first pair's RTCP port is taken
    const lines: string[] = [];
    const ep = new SilentMediaEndpoint({ pool, bindAddress: HOST, log: { log: (level, _c, f) => lines.push(`${level} ${f.event} ${f.port}`) } }, 'x');
    endpoints.push(ep);
    expect((await ep.allocate()).port).toBe(BASE + 22);
    expect(lines).toEqual([`notice port-taken ${BASE + 20}`]);
    expect(pool.inUse).toBe(1);
    await expect(endpoint(pool).allocate()).rejects.toMatchObject({ name: 'MediaError', code: 'bind-failed' });
    const third = endpoint(pool);
    await expect(third.allocate()).rejects.toBeInstanceOf(MediaError);
    expect(pool.inUse).toBe(1);
  });

  it('reports exhaustion as MediaError ports-exhausted', async () => {
    const pool = new MediaPortPool({ min: BASE + 30, max: BASE + 31 });
    await endpoint(pool).allocate();
    await expect(endpoint(pool).allocate()).rejects.toMatchObject({ code: 'ports-exhausted' });
  });

  it('close is idempotent and safe while allocate is pending; allocate twice is misuse', async () => {
    const pool = new MediaPortPool({ min: BASE + 40, max: BASE + 49 });
    const ep = endpoint(pool);
    const allocating = ep.allocate();
    expect(() => ep.allocate()).toThrow(/already allocating/);
    const closed = ep.close();
    expect(ep.close()).toBe(closed);
    await expect(allocating).rejects.toMatchObject({ code: 'closed' });
    await closed;
    expect(pool.inUse).toBe(0);
    await ep.close();
  });

  it('a factory makes independent endpoints on one pool', async () => {
    const pool = new MediaPortPool({ min: BASE + 50, max: BASE + 59 });
    const factory = silentMediaEndpoints({ pool, bindAddress: HOST });
    const [a, b] = [factory.create('a'), factory.create('b')];
    const ports = [(await a.allocate()).port, (await b.allocate()).port];
    expect(ports).toEqual([BASE + 50, BASE + 52]);
    await Promise.all([a.close(), b.close()]);
    expect(pool.inUse).toBe(0);
  });

  it('refuses bad addresses at construction', () => {
    const pool = new MediaPortPool({ min: BASE, max: BASE + 9 });
    expect(() => new SilentMediaEndpoint({ pool, bindAddress: 'localhost' })).toThrow(/bindAddress/);
    expect(() => new SilentMediaEndpoint({ pool, bindAddress: '0.0.0.0' })).toThrow(/advertisedAddress/);
    expect(new SilentMediaEndpoint({ pool, bindAddress: '0.0.0.0', advertisedAddress: '192.0.2.7' })).toBeInstanceOf(SilentMediaEndpoint);
  });
});
