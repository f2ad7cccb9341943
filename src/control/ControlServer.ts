import { chmod, unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { ControlConnection } from './ControlConnection.js';
import type { ControlHandler } from './ControlHandler.js';
import { consoleControlLogger, type ControlLogger } from './ControlLogger.js';
import { MAX_MESSAGE_BYTES } from './messages.js';
import { errorCode, prepareSocketPath } from './prepareSocketPath.js';
import { SocketPathError } from './SocketPathError.js';

export interface ControlServerOptions {
  /** The Unix socket path, usually `defaultSocketPath()`. */
  path: string;
  handler: ControlHandler;
  logger?: ControlLogger;
  /** Longest request line; default MAX_MESSAGE_BYTES. */
  maxMessageBytes?: number;
  /** Clients served at once; more are turned away. Default 32. */
  maxConnections?: number;
}

const SOCKET_MODE = 0o660;

/**
 * The control socket (DESIGN.md: service): newline-delimited JSON over a Unix stream socket,
 * protocol in `messages.ts`. Bad input is answered, never fatal; a failing handler is logged and
 * answered `INTERNAL`.
 *
 * - `listen` MUST refuse a path a live server holds (`SocketPathError` `IN_USE`) and MUST remove a
 *   stale socket file there; the socket is made mode 0660 once bound.
 * - `close` MUST disconnect every client and remove the socket file; it is idempotent.
 */
export class ControlServer {
  private readonly connections = new Set<ControlConnection>();
  private peakBuffered = 0;
  private closing: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    private readonly server: Server,
    private readonly options: ControlServerOptions & { logger: ControlLogger; maxMessageBytes: number },
  ) {}

  static async listen(options: ControlServerOptions): Promise<ControlServer> {
    await prepareSocketPath(options.path);
    const server = createServer({ allowHalfOpen: true });
    server.maxConnections = options.maxConnections ?? 32;
    const control = new ControlServer(options.path, server, {
      ...options,
      logger: options.logger ?? consoleControlLogger,
      maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    });
    server.on('connection', (socket: Socket) => control.accept(socket));
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error): void => {
        reject(errorCode(error) === 'EADDRINUSE' ? new SocketPathError('IN_USE', `another keyline is running on ${options.path}`) : error);
      };
      server.once('error', failed);
      server.listen(options.path, () => {
        server.off('error', failed);
        resolve();
      });
    });
    server.on('error', (error) => control.options.logger.error('control socket error', error));
    try {
      await chmod(options.path, SOCKET_MODE);
    } catch (error) {
      await control.close();
      throw error;
    }
    return control;
  }

  /** Clients connected now. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** The most bytes any client's unfinished request line has held; never above `maxMessageBytes`. */
  get peakBufferedBytes(): number {
    return this.peakBuffered;
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.destroy();
    await closed;
    await unlink(this.path).catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT') this.options.logger.error(`cannot remove ${this.path}`, error);
    });
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const connection = new ControlConnection(socket, {
      handler: this.options.handler,
      logger: this.options.logger,
      maxMessageBytes: this.options.maxMessageBytes,
      onBuffered: (bytes) => {
        this.peakBuffered = Math.max(this.peakBuffered, bytes);
      },
      onClose: (closed) => this.connections.delete(closed),
    });
    this.connections.add(connection);
  }
}
