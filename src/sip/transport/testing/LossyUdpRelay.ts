import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';

/**
 * Test-only: a UDP relay between a client and a server on 127.0.0.1 that drops chosen
 * datagrams. The client sends to `port`; the relay forwards to the server from the same socket,
 * so the server's responses (sent to received:rport) come back through it too.
 */
export class LossyUdpRelay {
  readonly dropped: string[] = [];
  readonly forwarded: string[] = [];
  private client: { address: string; port: number } | undefined;
  private toServer = 0;
  private toClient = 0;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    private readonly serverPort: number,
    private readonly drop: { request: (n: number) => boolean; response: (n: number) => boolean },
  ) {
    socket.on('message', (msg, rinfo) => this.relay(msg, rinfo.address, rinfo.port));
  }

  /** `drop.request(n)` / `drop.response(n)`: whether the n-th (1-based) datagram that way is lost. */
  static async open(serverPort: number, drop: { request: (n: number) => boolean; response: (n: number) => boolean }): Promise<LossyUdpRelay> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    return new LossyUdpRelay(socket, socket.address().port, serverPort, drop);
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }

  private relay(msg: Buffer, address: string, port: number): void {
    const line = msg.toString('latin1').split('\r\n')[0] ?? '';
    const fromServer = port === this.serverPort;
    if (!fromServer) this.client = { address, port };
    const n = fromServer ? ++this.toClient : ++this.toServer;
    const lose = fromServer ? this.drop.response(n) : this.drop.request(n);
    (lose ? this.dropped : this.forwarded).push(`${fromServer ? '<-' : '->'} ${line}`);
    if (lose) return;
    const to = fromServer ? this.client : { address: '127.0.0.1', port: this.serverPort };
    if (to) this.socket.send(msg, to.port, to.address);
  }
}
