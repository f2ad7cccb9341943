import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Flow, SipClock } from '../types.js';
import type { RateLimitedLog } from './RateLimitedLog.js';
import { StreamFramer } from './StreamFramer.js';

export interface TcpConnectionsOptions {
  clock: SipClock;
  notes: RateLimitedLog;
  maxMessageBytes: number;
  connectTimeoutMs: number;
  /** A framed message from a connection; MAY throw (the caller's errors are caught and logged here). */
  onMessage: (bytes: Buffer, flow: Flow) => void;
}

interface Connection {
  socket: Socket;
  flow: Flow;
}

/**
 * The table of TCP connections, both accepted and opened by us, keyed by the remote `ip:port`,
 * with aliases (`host:port` -> connection) so that a peer's Contact or Via sent-by reaches the
 * connection it opened (RFC 5923 style reuse; RFC 3261 §18.2.2). Each connection has its own
 * framer; a framing error, an oversized message or a socket error closes that connection only.
 * Socket callbacks MUST NOT throw. After `close()` no connection is accepted or opened.
 */
export class TcpConnections {
  private readonly conns = new Map<string, Connection>();
  private readonly aliases = new Map<string, string>();
  private readonly connecting = new Map<string, Promise<Connection>>();
  private closed = false;

  constructor(private readonly options: TcpConnectionsOptions) {}

  get size(): number {
    return this.conns.size;
  }

  /** Takes over a connected socket (accepted by the server or opened by `open`). */
  adopt(socket: Socket): Connection | undefined {
    const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const port = socket.remotePort;
    if (this.closed || !address || port === undefined) {
      socket.destroy();
      return undefined;
    }
    const flow: Flow = { proto: 'TCP', address, port };
    const k = `${address}:${port}`;
    const conn: Connection = { socket, flow };
    this.conns.set(k, conn);
    const framer = new StreamFramer(this.options.maxMessageBytes);
    socket.on('data', (chunk: Buffer) => this.onData(conn, framer, chunk));
    socket.on('end', () => socket.destroy());
    socket.on('error', (error) => this.options.notes.note('debug', 'tcp-error', { peer: k, error: error.message }));
    socket.on('close', () => this.forget(k, conn));
    return conn;
  }

  /** The live connection to `hostPort` (`ip:port`), directly or through an alias. */
  find(hostPort: string): Flow | undefined {
    const conn = this.conns.get(hostPort) ?? this.conns.get(this.aliases.get(hostPort) ?? '');
    return conn && !conn.socket.destroyed ? conn.flow : undefined;
  }

  /** Makes `hostPort` reach the connection `flow` arrived on, while it stays open. */
  alias(hostPort: string, flow: Flow): void {
    const k = `${flow.address}:${flow.port}`;
    if (hostPort !== k && this.conns.has(k)) this.aliases.set(hostPort, k);
  }

  /** Writes on the connection for `flow` (see `find`), opening one to `flow` if there is none. */
  async write(flow: Flow, text: string): Promise<void> {
    const k = `${flow.address}:${flow.port}`;
    const existing = this.conns.get(k) ?? this.conns.get(this.aliases.get(k) ?? '');
    const conn = existing && !existing.socket.destroyed ? existing : await this.open(flow.address, flow.port);
    await new Promise<void>((resolve, reject) => {
      conn.socket.write(text, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): void {
    this.closed = true;
    for (const conn of this.conns.values()) conn.socket.destroy();
    this.conns.clear();
    this.aliases.clear();
  }

  private onData(conn: Connection, framer: StreamFramer, chunk: Buffer): void {
    try {
      for (const event of framer.push(chunk)) {
        if (event.kind === 'crlf') this.onCrlf(conn, event.pings, event.bytes);
        else if (event.kind === 'message') this.options.onMessage(event.bytes, conn.flow);
        else {
          this.options.notes.note('warning', 'tcp-framing', { peer: `${conn.flow.address}:${conn.flow.port}`, reason: event.reason });
          conn.socket.destroy();
          return;
        }
      }
    } catch (error) {
      this.options.notes.note('error', 'tcp-receive-failed', { error: String(error) });
    }
  }

  /** One pong per chunk with pings (RFC 5626 §3.5.1); more than a ping's worth of CR/LF is noted. */
  private onCrlf(conn: Connection, pings: number, bytes: number): void {
    if (pings > 0) conn.socket.write('\r\n');
    if (bytes > 4) this.options.notes.note('debug', 'crlf-flood', { peer: `${conn.flow.address}:${conn.flow.port}`, bytes });
  }

  private open(address: string, port: number): Promise<Connection> {
    if (this.closed) return Promise.reject(new Error('transport closed'));
    const k = `${address}:${port}`;
    let pending = this.connecting.get(k);
    if (!pending) {
      pending = this.dial(address, port).finally(() => this.connecting.delete(k));
      this.connecting.set(k, pending);
    }
    return pending;
  }

  private dial(address: string, port: number): Promise<Connection> {
    const { clock, connectTimeoutMs } = this.options;
    return new Promise<Connection>((resolve, reject) => {
      const socket = connect({ host: address, port });
      const timer = clock.setTimeout(() => socket.destroy(new Error(`TCP connect to ${address}:${port} timed out`)), connectTimeoutMs);
      socket.once('error', (error) => {
        clock.clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        clock.clearTimeout(timer);
        const conn = this.adopt(socket);
        if (conn) resolve(conn);
        else reject(new Error('transport closed'));
      });
    });
  }

  private forget(k: string, conn: Connection): void {
    if (this.conns.get(k) !== conn) return;
    this.conns.delete(k);
    for (const [alias, target] of this.aliases) if (target === k) this.aliases.delete(alias);
  }
}
