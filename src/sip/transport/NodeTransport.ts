import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv4 } from 'node:net';
import { literalFirstLookup } from '../../media/literalFirstLookup.js';
import type { Server, Socket as TcpSocket } from 'node:net';
import type { Core } from 'sip.js';
import type { Flow, SipLog } from '../types.js';
import { frameDatagram } from './frameDatagram.js';
import { defaultHostResolver } from './HostResolver.js';
import { inboundMessage } from './inboundMessage.js';
import type { LocalAddress } from './LocalAddress.js';
import type { NodeTransportOptions } from './NodeTransportOptions.js';
import { outboundMessage, routeTo } from './outboundMessage.js';
import { RateLimitedLog } from './RateLimitedLog.js';
import { uriTarget } from './requestTarget.js';
import type { RequestTarget } from './requestTarget.js';
import { hostPortKey } from './SipUri.js';
import { TcpConnections } from './TcpConnections.js';
import { UdpTransactionTimers } from './UdpTransactionTimers.js';

const KEEPALIVE_PING = '\r\n\r\n';

/**
 * keyline's SIP transport (RFC 3261 §18): UDP and TCP on one port, under sip.js's `Core.Transport`.
 * sip.js hands it message strings; it routes, rewrites Via and Contact, frames TCP, answers
 * keep-alives (RFC 5626 §3.5.1) and runs the UDP transaction timers (`UdpTransactionTimers`).
 *
 * Contract:
 * - `listen()` MUST be called once before `send()`; port 0 picks a free port (read `local`).
 * - `send()` resolves once the message is on a socket and rejects with an Error when it cannot
 *   be routed or written; it MUST NOT be called after `close()`.
 * - `onMessage(text, flow)` gets every message that passed the receive rules, with the flow it
 *   came on; what it throws is caught and logged. A peer's bytes MUST NOT throw out of a socket
 *   callback or end the process: bad input is dropped with a rate-limited log line.
 * - `close()` closes both sockets and every TCP connection and cancels every timer; afterwards
 *   nothing is received or sent.
 */
export class NodeTransport implements Core.Transport {
  /** What sip.js writes into Via; the real transport replaces it per message. */
  readonly protocol = 'UDP';
  /** Receives each accepted message with the flow it came from (`createCoreReceiver`). */
  onMessage: ((text: string, flow: Flow) => void) | undefined;

  private readonly log: SipLog;
  private readonly notes: RateLimitedLog;
  private readonly component: string;
  private readonly timers: UdpTransactionTimers;
  private readonly pinned = new Map<string, Flow>();
  /** `udpRoute`'s parsed next hops (null: not routable over UDP at once), bounded. */
  private readonly hops = new Map<string, RequestTarget | null>();
  private readonly tcp: TcpConnections | undefined;
  private udp: UdpSocket | undefined;
  private server: Server | undefined;
  private address: LocalAddress | undefined;
  private closed = false;

  constructor(private readonly options: NodeTransportOptions) {
    this.log = options.log;
    this.component = options.component ?? 'sip.transport';
    this.notes = new RateLimitedLog(options.log, options.clock, this.component);
    this.timers = new UdpTransactionTimers({
      clock: options.clock, log: options.log, timers: options.timers, send: (flow, text) => this.resend(flow, text),
    });
    this.tcp = options.listen.tcp
      ? new TcpConnections({
          clock: options.clock, notes: this.notes, maxMessageBytes: options.maxMessageBytes ?? 65_536,
          connectTimeoutMs: options.connectTimeoutMs ?? 5000, onMessage: (bytes, flow) => this.receive(bytes.toString('utf8'), flow),
        })
      : undefined;
  }

  /** Our advertised host and bound port, as written into Via and Contact. Throws before `listen()`. */
  get local(): LocalAddress {
    if (!this.address) throw new Error('NodeTransport: local address is known only after listen()');
    return this.address;
  }

  /** Live UDP transaction records, armed timers and open TCP connections, for tests and status. */
  get stats(): { records: number; timers: number; connections: number } {
    return { records: this.timers.size, timers: this.timers.armedTimers, connections: this.tcp?.size ?? 0 };
  }

  /** Binds UDP (and TCP when `listen.tcp`) on `listen.address`:`listen.port`. */
  async listen(): Promise<LocalAddress> {
    if (this.udp || this.closed) throw new Error('NodeTransport: listen() may be called once, before close()');
    const { address, port, advertisedHost, tcp } = this.options.listen;
    for (let attempt = 1; ; attempt++) {
      const udp = await bindUdp(address, port, (msg, rinfo) => this.onDatagram(msg, rinfo), (e) => this.notes.note('error', 'udp-error', { error: e.message }));
      const bound = udp.address().port;
      try {
        if (tcp) {
          const onConnection = (s: TcpSocket): void => void this.tcp?.adopt(s);
          const onError = (e: Error): void => this.notes.note('error', 'tcp-server-error', { error: e.message });
          this.server = await listenTcp(address, bound, this.options.maxTcpConnections ?? 1024, onConnection, onError);
        }
        this.udp = udp;
        this.address = { host: advertisedHost, port: bound };
        const got = udp.getRecvBufferSize();
        // Linux reports twice what it grants; below half of what was asked, say how to fix it.
        if (got < UDP_RECEIVE_BUFFER) {
          this.options.log.log('warning', this.options.component ?? 'sip.transport', {
            event: 'udp-receive-buffer-small', bytes: got, wanted: UDP_RECEIVE_BUFFER, fix: `sysctl -w net.core.rmem_max=${UDP_RECEIVE_BUFFER}`,
          });
        }
        return this.address;
      } catch (error) {
        udp.close();
        // Port 0 gave a UDP port whose TCP twin is taken: try another pair.
        if (port !== 0 || attempt >= 5) throw error;
      }
    }
  }

  /**
   * Requests to the contact `contactHostPort` (`host:port` of its URI, default port 5060) go over
   * `flow` (the flow its REGISTER came on: NAT, TCP reuse) while it is pinned and, for TCP, while
   * that connection is open; otherwise they are routed by their URI.
   */
  pinFlow(contactHostPort: string, flow: Flow): void {
    this.pinned.set(normaliseHostPort(contactHostPort), { ...flow });
  }

  unpinFlow(contactHostPort: string): void {
    this.pinned.delete(normaliseHostPort(contactHostPort));
  }

  async send(message: string): Promise<void> {
    if (!this.udp || !this.address || this.closed) throw new Error('NodeTransport: send() outside listen()..close()');
    const routed = outboundMessage(message, { local: this.address, resolver: this.options.resolver ?? defaultHostResolver, tcp: this.tcp, pinned: this.pinned });
    // Awaited only when a name was looked up: messages go on the wire in the order sip.js sent them.
    const out = routed instanceof Promise ? await routed : routed;
    if (out.flow.proto === 'TCP') {
      if (!this.tcp) throw new Error('TCP is disabled on this transport');
      this.options.trace?.('out', out.flow, out.text);
      return this.tcp.write(out.flow, out.text);
    }
    const bytes = Buffer.byteLength(out.text);
    if (bytes > (this.options.udpWarnBytes ?? 1300)) {
      this.notes.note('warning', 'udp-large-message', { bytes, to: `${out.flow.address}:${out.flow.port}`, hint: 'use TCP (RFC 3261 §18.1.1)' });
    }
    // Timers first: a response may come back before the send callback runs.
    if (out.status === undefined) this.timers.requestSent(out.id, out.flow, out.text);
    else this.timers.responseSent(out.id, out.status, out.flow, out.text);
    this.options.trace?.('out', out.flow, out.text);
    try {
      await this.sendUdp(out.flow, out.text);
    } catch (error) {
      // sip.js ends the transaction on a transport error: nothing left to retransmit.
      if (out.status === undefined) this.timers.requestFailed(out.id);
      throw error;
    }
  }

  /**
   * The UDP flow a request whose next hop is `nextHop` (its top Route URI, else its Request-URI)
   * goes over, as `send()` would route it — when that is known at once: undefined when it would
   * go over TCP, needs a name lookup, or cannot be routed (`send()` then does it the usual way).
   */
  udpRoute(nextHop: string): Flow | undefined {
    if (!this.address || this.closed) return undefined;
    let target = this.hops.get(nextHop);
    if (target === undefined) {
      const t = uriTarget(nextHop);
      target = 'error' in t || t.proto === 'TCP' ? null : t;
      if (this.hops.size >= 4096) this.hops.clear();
      this.hops.set(nextHop, target);
    }
    if (target === null) return undefined;
    // No name lookup started here: a name is routed only when pinned.
    if (!isIPv4(target.host) && !this.pinned.has(hostPortKey(target.host, target.port))) return undefined;
    try {
      const flow = routeTo(target, { local: this.address, resolver: this.options.resolver ?? defaultHostResolver, tcp: this.tcp, pinned: this.pinned });
      if (flow instanceof Promise) {
        flow.catch(() => undefined); // a pinned TCP flow whose connection closed, by name: send() routes it
        return undefined;
      }
      return flow.proto === 'UDP' ? flow : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Sends a non-INVITE request keyline built itself (not sip.js) over UDP to `flow` (from
   * `udpRoute`) as its own client transaction (RFC 3261 §17.1.2): `text` MUST be final, with our
   * `host:port` and `branch` in its top Via. Timer E re-sends it; `done` is called exactly once,
   * later, with the first final response's status (its responses never reach sip.js), 408 when
   * Timer F fires, or 503 when the socket refused it.
   */
  sendOwnRequest(text: string, flow: Flow, branch: string, method: string, done: (status: number) => void): void {
    if (!this.udp || !this.address || this.closed) throw new Error('NodeTransport: sendOwnRequest() outside listen()..close()');
    const id = { branch, sentBy: `${this.address.host}:${this.address.port}`, method };
    if (text.length > (this.options.udpWarnBytes ?? 1300) && Buffer.byteLength(text) > (this.options.udpWarnBytes ?? 1300)) {
      this.notes.note('warning', 'udp-large-message', { bytes: Buffer.byteLength(text), to: `${flow.address}:${flow.port}`, hint: 'use TCP (RFC 3261 §18.1.1)' });
    }
    let settled = false;
    const once = (status: number): void => {
      if (settled) return;
      settled = true;
      done(status);
    };
    this.timers.requestSent(id, flow, text, once);
    this.options.trace?.('out', flow, text);
    this.udp.send(text, flow.port, flow.address, (error) => {
      if (!error) return;
      this.timers.requestFailed(id);
      this.notes.note('debug', 'udp-send-failed', { error: String(error) });
      once(503);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.close();
    this.tcp?.close();
    const udp = this.udp;
    const server = this.server;
    await Promise.all([
      udp ? new Promise<void>((resolve) => udp.close(() => resolve())) : undefined,
      server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined,
    ]);
  }

  private onDatagram(datagram: Buffer, rinfo: RemoteInfo): void {
    const flow: Flow = { proto: 'UDP', address: rinfo.address, port: rinfo.port };
    try {
      if (datagram.length === 4 && datagram.toString('latin1') === KEEPALIVE_PING) {
        this.resend(flow, '\r\n'); // RFC 5626 §3.5.1 pong
        return;
      }
      const framed = frameDatagram(datagram);
      if (framed === undefined) return this.notes.note('debug', 'udp-crlf-only', { from: `${flow.address}:${flow.port}` });
      if (typeof framed !== 'string') return this.notes.note('warning', 'drop', { reason: framed.error, from: `${flow.address}:${flow.port}` });
      this.receive(framed, flow);
    } catch (error) {
      this.notes.note('error', 'receive-failed', { error: String(error) });
    }
  }

  private receive(text: string, flow: Flow): void {
    if (this.closed || !this.address) return;
    this.options.trace?.('in', flow, text);
    const result = inboundMessage(text, flow, { local: this.address, protocol: this.protocol, timers: this.timers, tcp: this.tcp });
    if ('drop' in result) return this.notes.note('warning', 'drop', { reason: result.drop, from: `${flow.proto} ${flow.address}:${flow.port}` });
    if ('absorbed' in result) return this.log.log('debug', this.component, { event: 'absorbed', what: result.absorbed });
    try {
      this.onMessage?.(result.deliver, flow);
    } catch (error) {
      this.notes.note('error', 'handler-failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private sendUdp(flow: Flow, text: string): Promise<void> {
    const udp = this.udp;
    if (!udp || this.closed) return Promise.reject(new Error('transport closed'));
    return new Promise<void>((resolve, reject) => {
      udp.send(text, flow.port, flow.address, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Retransmissions and pongs: failures are logged, never thrown. */
  private resend(flow: Flow, text: string): void {
    this.options.trace?.('out', flow, text);
    this.sendUdp(flow, text).catch((error: unknown) => this.notes.note('debug', 'udp-send-failed', { error: String(error) }));
  }
}

function normaliseHostPort(hostPort: string): string {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort.trim());
  if (!m || m[1] === undefined) throw new TypeError(`contactHostPort must be host[:port], got "${hostPort}"`);
  return hostPortKey(m[1], m[2] === undefined ? undefined : Number(m[2]));
}

/**
 * The UDP receive buffer asked for. The kernel's default (208 KiB on Debian) holds about 600
 * SIP responses; a BLF fan-out to 500 phones gets 500 200 OKs at once, and every datagram the
 * kernel drops is a NOTIFY retransmitted 500 ms later (bench/RESULTS.md). Linux caps the buffer
 * at `net.core.rmem_max`: the appliance raises it (systemd/60-keyline.conf).
 */
export const UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

function bindUdp(address: string, port: number, onMessage: (msg: Buffer, rinfo: RemoteInfo) => void, onError: (e: Error) => void): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const udp = createSocket({ type: 'udp4', recvBufferSize: UDP_RECEIVE_BUFFER, lookup: literalFirstLookup });
    udp.once('error', (error) => {
      udp.close();
      reject(error);
    });
    udp.bind(port, address, () => {
      udp.removeAllListeners('error');
      udp.on('error', onError);
      udp.on('message', onMessage);
      resolve(udp);
    });
  });
}

function listenTcp(address: string, port: number, maxConnections: number, onConnection: (s: TcpSocket) => void, onError: (e: Error) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(onConnection);
    server.maxConnections = maxConnections;
    server.once('error', (error) => {
      server.close();
      reject(error);
    });
    server.listen(port, address, () => {
      server.removeAllListeners('error');
      server.on('error', onError);
      resolve(server);
    });
  });
}
