import type { NotifyTransport } from './NotifyTransport.js';

/** The part of node-unix-socket's `DgramSocket` this transport uses. */
export interface DatagramSender {
  sendTo(buf: Buffer, offset: number, length: number, destPath: string, onWrite?: (err: Error | undefined) => void): void;
  close(): void;
}

/**
 * Sends to `$NOTIFY_SOCKET` from this very process, as `NotifyAccess=main` wants: an `AF_UNIX`
 * datagram through node-unix-socket (hardware.md §9.2; `node:dgram` is UDP only). The native
 * module loads on first use, so a build without it still starts and falls back.
 */
export class UnixDatagramTransport implements NotifyTransport {
  readonly name = 'socket';
  private socket: Promise<DatagramSender> | null = null;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly open: () => Promise<DatagramSender> = openDgramSocket,
  ) {
    if (!path.startsWith('/')) throw new RangeError(`path must be an absolute socket path (abstract sockets are not supported), got "${path}"`);
  }

  async send(message: string): Promise<void> {
    if (this.closed) throw new Error('notify socket closed');
    this.socket ??= this.open();
    const socket = await this.socket;
    const buf = Buffer.from(message, 'utf8');
    await new Promise<void>((resolve, reject) => {
      try {
        socket.sendTo(buf, 0, buf.length, this.path, (err) => (err ? reject(err) : resolve()));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  close(): void {
    this.closed = true;
    const s = this.socket;
    this.socket = null;
    s?.then((sock) => sock.close(), () => undefined);
  }
}

async function openDgramSocket(): Promise<DatagramSender> {
  const { DgramSocket } = await import('node-unix-socket');
  const socket = new DgramSocket();
  // An unbound sender never receives; an error here must not become an unhandled 'error' event.
  socket.on('error', () => undefined);
  return socket;
}
