import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { prng } from './prng.js';

export type RelayDirection = 'toServer' | 'toPhone';

/** One datagram the relay saw: when, which way, its first line, and whether it was dropped. */
export interface RelayEvent {
  /** Milliseconds since the relay started. */
  t: number;
  dir: RelayDirection;
  line: string;
  /** The CSeq method: which transaction a response belongs to. */
  method: string;
  dropped: boolean;
}

export interface UdpLossRelayOptions {
  /** The server (keyline) the phone's datagrams go to. */
  server: { address: string; port: number };
  /** The phone (e.g. a SIPp port) the server's datagrams go to; absent: the source of the phone's first datagram. */
  phone?: { address: string; port: number };
  /** Rewrites each forwarded datagram (e.g. SDP pointed at a media relay); default: unchanged. */
  transform?: (dir: RelayDirection, datagram: Buffer) => Buffer;
  /** Probability that a datagram is dropped, each way, in [0, 1). */
  loss: number;
  /** Seeds the drop decisions: each direction has its own sequence, so a run replays exactly. */
  seed: number;
  /** The loopback address both relay sockets bind (default 127.0.0.1). */
  address?: string;
}

/**
 * A lossy UDP path between one phone and one server on the loopback network. The phone sends to
 * `port` (the phone side); the relay forwards from its server-side socket (`serverSidePort`), so
 * the server sees every datagram of the phone coming from there and answers there, and a server
 * that pins the phone's registered flow sends its own requests there too; the relay forwards
 * those to the phone. Each datagram is dropped with probability `loss`, decided by a seeded PRNG
 * per direction in arrival order. Test-only; closed with `close()`.
 *
 * It forwards on the event loop of the process that started it: that process MUST NOT block
 * (e.g. `spawnSync` of the CLI) while the path is in use, or datagrams queue up and leave in bursts,
 * which looks like duplicated retransmissions and reorders them against the other direction.
 */
export class UdpLossRelay {
  readonly events: RelayEvent[] = [];
  private readonly started = Date.now();
  private readonly drop: Record<RelayDirection, () => boolean>;

  private constructor(
    private readonly o: UdpLossRelayOptions,
    private readonly phoneSide: Socket,
    private readonly serverSide: Socket,
  ) {
    if (!(o.loss >= 0 && o.loss < 1)) throw new RangeError(`UdpLossRelay: loss must be in [0, 1), got ${o.loss}`);
    const toServer = prng(o.seed);
    const toPhone = prng(o.seed ^ 0x5a5a_5a5a);
    this.drop = { toServer: () => toServer.next() < o.loss, toPhone: () => toPhone.next() < o.loss };
    let phone = o.phone;
    phoneSide.on('message', (m, from) => {
      phone ??= { address: from.address, port: from.port };
      this.forward('toServer', m, serverSide, o.server);
    });
    serverSide.on('message', (m, from) => {
      if (phone && from.address === o.server.address && from.port === o.server.port) this.forward('toPhone', m, phoneSide, phone);
    });
  }

  static async start(o: UdpLossRelayOptions): Promise<UdpLossRelay> {
    const address = o.address ?? '127.0.0.1';
    const bind = () => new Promise<Socket>((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, address, () => {
        s.removeListener('error', reject);
        s.on('error', () => undefined); // e.g. ICMP port unreachable after the phone quit
        resolve(s);
      });
    });
    return new UdpLossRelay(o, await bind(), await bind());
  }

  /** Where the phone sends: the relay's phone-side port. */
  get port(): number {
    return this.phoneSide.address().port;
  }

  /** Where the server sees the phone: the relay's server-side port. */
  get serverSidePort(): number {
    return this.serverSide.address().port;
  }

  /** Datagrams forwarded and dropped, each way. */
  counts(): Record<RelayDirection, { forwarded: number; dropped: number }> {
    const c = { toServer: { forwarded: 0, dropped: 0 }, toPhone: { forwarded: 0, dropped: 0 } };
    for (const e of this.events) c[e.dir][e.dropped ? 'dropped' : 'forwarded'] += 1;
    return c;
  }

  /** The first event at or after `from` ms of that direction whose first line and CSeq method match, if any. */
  first(dir: RelayDirection, line: RegExp, o: { method?: string; from?: number; delivered?: boolean } = {}): RelayEvent | undefined {
    return this.events.find((e) => e.dir === dir && e.t >= (o.from ?? 0) && line.test(e.line)
      && (o.method === undefined || e.method === o.method) && (o.delivered === undefined || e.dropped !== o.delivered));
  }

  /** Milliseconds since the relay started, on the clock of `events`. */
  now(): number {
    return Date.now() - this.started;
  }

  close(): Promise<void> {
    const closeOne = (s: Socket) => new Promise<void>((resolve) => {
      try {
        s.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
    return Promise.all([closeOne(this.phoneSide), closeOne(this.serverSide)]).then(() => undefined);
  }

  private forward(dir: RelayDirection, m: Buffer, out: Socket, to: { address: string; port: number }): void {
    const text = m.toString('latin1');
    const line = text.slice(0, Math.max(0, text.indexOf('\r\n'))) || text.slice(0, 60);
    const method = /^CSeq:[ \t]*\d+[ \t]+(\S+)/im.exec(text)?.[1] ?? '';
    const dropped = this.drop[dir]();
    this.events.push({ t: this.now(), dir, line, method, dropped });
    if (!dropped) out.send(this.o.transform ? this.o.transform(dir, m) : m, to.port, to.address);
  }
}
