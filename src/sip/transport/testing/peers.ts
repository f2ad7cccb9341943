import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** Test-only raw peers on 127.0.0.1: what they received, and a bounded wait for more. */

/** Resolves when `check()` is truthy; rejects after `ms` (tests stay bounded). */
export async function waitFor<T>(check: () => T | undefined | false, ms = 3000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export class UdpPeer {
  readonly received: Array<{ text: string; port: number }> = [];
  private constructor(readonly socket: UdpSocket, readonly port: number) {
    socket.on('message', (m, r) => this.received.push({ text: m.toString('latin1'), port: r.port }));
  }

  static async open(): Promise<UdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    return new UdpPeer(socket, socket.address().port);
  }

  send(text: string | Buffer, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(text, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }

  /** The n-th (0-based) message received whose text matches `re`. */
  nth(re: RegExp, n = 0, ms = 3000): Promise<string> {
    return waitFor(() => this.received.filter((m) => re.test(m.text))[n]?.text, ms, `UDP message ${re} #${n}`);
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

/** A TCP connection with everything it received, as one string. */
export class TcpPeer {
  data = '';
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (this.data += d));
    socket.on('error', () => undefined);
    socket.on('close', () => (this.closed = true));
  }

  static async connect(port: number): Promise<TcpPeer> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new TcpPeer(socket);
  }

  static adopt(socket: Socket): TcpPeer {
    return new TcpPeer(socket);
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  write(text: string | Buffer): void {
    this.socket.write(text);
  }

  until(re: RegExp, ms = 3000): Promise<string> {
    return waitFor(() => (re.test(this.data) ? this.data : undefined), ms, `TCP data ${re}`);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A TCP listener whose accepted connections are TcpPeers. */
export class TcpListener {
  private constructor(readonly server: Server, readonly port: number, readonly peers: TcpPeer[]) {}

  static async open(): Promise<TcpListener> {
    const peers: TcpPeer[] = [];
    const server = createServer((s) => peers.push(TcpPeer.adopt(s)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    return new TcpListener(server, typeof address === 'object' && address ? address.port : 0, peers);
  }

  close(): Promise<void> {
    for (const p of this.peers) p.close();
    return new Promise((r) => this.server.close(() => r()));
  }
}
