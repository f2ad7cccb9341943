import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { MediaError } from './MediaEndpoint.js';
import type { MediaAddress, MediaEndpoint, MediaEndpointFactory, MediaLog, RemoteMedia } from './MediaEndpoint.js';
import type { MediaPortPool } from './MediaPortPool.js';

export interface SilentMediaEndpointOptions {
  pool: MediaPortPool;
  /** The IPv4 address the sockets bind to: the LAN address, `0.0.0.0`, or `127.0.0.1` in tests. */
  bindAddress: string;
  /** The address written into SDP; defaults to `bindAddress`, required when that is `0.0.0.0`. */
  advertisedAddress?: string;
  log?: MediaLog;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
/** Bind errors that mean "this port is taken": try the next one. Any other is a configuration fault. */
const PORT_TAKEN = new Set(['EADDRINUSE', 'EACCES']);

function bindSocket(port: number, address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    const fail = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', fail);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

/** Binds the RTP port and its RTCP port, or neither. */
async function bindPair(port: number, address: string): Promise<Socket[]> {
  const rtp = await bindSocket(port, address);
  try {
    return [rtp, await bindSocket(port + 1, address)];
  } catch (err) {
    await closeSocket(rtp);
    throw err;
  }
}

const codeOf = (err: unknown): string => (err instanceof Error && 'code' in err ? String(err.code) : '');

/**
 * A media endpoint that never sends: it reserves a real RTP/RTCP port pair, reads and discards
 * whatever arrives, and records the negotiated remote. With it the SIP layer negotiates real SDP
 * and the phone's RTP is absorbed, until keyline's RTP engine replaces it (DESIGN.md: media).
 * It keeps counts of what it absorbed (`received`) for status and logs.
 */
export class SilentMediaEndpoint implements MediaEndpoint {
  private state: 'new' | 'allocating' | 'open' | 'failed' | 'closed' = 'new';
  private sockets: Socket[] = [];
  private port: number | undefined;
  private allocation: Promise<MediaAddress> | undefined;
  private closing: Promise<void> | undefined;
  private remoteMedia: RemoteMedia | undefined;
  readonly received = { rtp: 0, rtpBytes: 0, rtcp: 0 };

  constructor(private readonly options: SilentMediaEndpointOptions, readonly leg = 'leg') {
    const { bindAddress, advertisedAddress } = options;
    if (!IPV4.test(bindAddress)) throw new TypeError(`bindAddress must be an IPv4 address, got "${bindAddress}"`);
    const advertised = advertisedAddress ?? bindAddress;
    if (!IPV4.test(advertised) || advertised === '0.0.0.0') {
      throw new TypeError(`advertisedAddress must be a unicast IPv4 address, got "${advertisedAddress ?? ''}"`);
    }
  }

  /** The last remote given to `setRemote()`. */
  get remote(): RemoteMedia | undefined {
    return this.remoteMedia;
  }

  allocate(): Promise<MediaAddress> {
    if (this.state !== 'new') throw new Error(`allocate: endpoint ${this.leg} is already ${this.state}`);
    this.state = 'allocating';
    this.allocation = this.bindFromPool().then(
      (address) => { if (this.state === 'allocating') this.state = 'open'; return address; },
      (err: unknown) => { if (this.state === 'allocating') this.state = 'failed'; throw err; },
    );
    return this.allocation;
  }

  private async bindFromPool(): Promise<MediaAddress> {
    const { pool, bindAddress, advertisedAddress, log } = this.options;
    for (let attempts = Math.max(pool.available, 1); attempts > 0; attempts -= 1) {
      const port = pool.acquire();
      let sockets: Socket[];
      try {
        sockets = await bindPair(port, bindAddress);
      } catch (err) {
        pool.release(port);
        if (this.state === 'closed') throw new MediaError('closed', `endpoint ${this.leg} closed while allocating`);
        if (!PORT_TAKEN.has(codeOf(err))) throw new MediaError('bind-failed', `cannot bind ${bindAddress}:${port}: ${String(err)}`);
        log?.log('notice', 'media', { event: 'port-taken', leg: this.leg, port });
        continue;
      }
      if (this.state === 'closed') {
        await Promise.all(sockets.map(closeSocket));
        pool.release(port);
        throw new MediaError('closed', `endpoint ${this.leg} closed while allocating`);
      }
      this.listen(sockets);
      this.port = port;
      return { address: advertisedAddress ?? bindAddress, port };
    }
    throw new MediaError('bind-failed', `no RTP port of ${pool.range.min}-${pool.range.max} could be bound on ${bindAddress}`);
  }

  private listen(sockets: Socket[]): void {
    const [rtp, rtcp] = sockets;
    this.sockets = sockets;
    for (const s of sockets) {
      s.on('error', (err) => this.options.log?.log('warning', 'media', { event: 'socket-error', leg: this.leg, error: err.message }));
    }
    rtp?.on('message', (msg, from) => {
      if (this.received.rtp === 0) this.options.log?.log('debug', 'media', { event: 'first-rtp', leg: this.leg, from: `${from.address}:${from.port}` });
      this.received.rtp += 1;
      this.received.rtpBytes += msg.length;
    });
    rtcp?.on('message', () => { this.received.rtcp += 1; });
  }

  setRemote(remote: RemoteMedia): void {
    if (this.state === 'closed') return;
    if (this.state !== 'open') throw new Error(`setRemote: endpoint ${this.leg} is ${this.state}, allocate() first`);
    const { address, port, payloadType, telephoneEvent, direction } = remote;
    if (!IPV4.test(address)) throw new TypeError(`remote.address must be an IPv4 address, got "${address}"`);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`remote.port must be 0..65535, got ${port}`);
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) throw new RangeError(`remote.payloadType must be 0..127, got ${payloadType}`);
    if (telephoneEvent !== undefined && (!Number.isInteger(telephoneEvent) || telephoneEvent < 0 || telephoneEvent > 127)) {
      throw new RangeError(`remote.telephoneEvent must be 0..127, got ${telephoneEvent}`);
    }
    if (!DIRECTIONS.includes(direction)) throw new TypeError(`remote.direction must be one of ${DIRECTIONS.join(', ')}, got "${String(direction)}"`);
    this.remoteMedia = { ...remote };
    this.options.log?.log('debug', 'media', { event: 'remote', leg: this.leg, to: `${address}:${port}`, pt: payloadType, direction });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const pending = this.allocation;
    this.state = 'closed';
    if (pending !== undefined) await pending.then(() => undefined, () => undefined);
    const sockets = this.sockets;
    this.sockets = [];
    await Promise.all(sockets.map(closeSocket));
    if (this.port !== undefined) this.options.pool.release(this.port);
    this.port = undefined;
  }
}

/** One silent endpoint per call leg, all on one pool. */
export function silentMediaEndpoints(options: SilentMediaEndpointOptions): MediaEndpointFactory {
  return { create: (leg) => new SilentMediaEndpoint(options, leg) };
}
