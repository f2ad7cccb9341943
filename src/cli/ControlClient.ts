import { createConnection, type Socket } from 'node:net';
import type { ControlCommand, ControlEvent, ControlResponse } from '../control/messages.js';
import { ServiceError } from './ServiceError.js';
import { UnreachableError } from './UnreachableError.js';

export const RESPONSE_TIMEOUT_MS = 5000;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The CLI's side of the control socket (protocol in `control/messages.ts`).
 *
 * - `connect` MUST reject with `UnreachableError` when nobody listens on the path.
 * - `request` resolves with the result or rejects with `ServiceError`: the error answered, `TIMEOUT`
 *   after `timeoutMs`, or `CLOSED` when the connection ends first.
 * - Events (after `watch`) go to `onEvent` listeners, synchronously as they are read: attach the
 *   listener before sending `watch` so none slips past.
 * - `closed` resolves once the connection has ended, whoever ended it.
 */
export class ControlClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: ControlEvent) => void>();
  private rest = '';
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.read(text));
    socket.on('error', () => socket.destroy());
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.failAll(new ServiceError('CLOSED', 'the keyline service closed the connection'));
        resolve();
      });
    });
  }

  static connect(path: string, timeoutMs = RESPONSE_TIMEOUT_MS): Promise<ControlClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new UnreachableError(path, 'ETIMEDOUT'));
      }, timeoutMs);
      const failed = (error: Error & { code?: string }): void => {
        clearTimeout(timer);
        const code = error.code ?? '';
        reject(['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTDIR'].includes(code) ? new UnreachableError(path, code) : error);
      };
      socket.once('error', failed);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', failed);
        resolve(new ControlClient(socket, timeoutMs));
      });
    });
  }

  request(command: ControlCommand, timeoutMs = this.timeoutMs): Promise<unknown> {
    if (this.socket.destroyed) return Promise.reject(new ServiceError('CLOSED', 'the keyline service closed the connection'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ServiceError('TIMEOUT', `no answer from the keyline service within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(`${JSON.stringify({ id, ...command })}\n`);
    });
  }

  onEvent(listener: (event: ControlEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private read(text: string): void {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() !== '') this.receive(line);
    }
  }

  private receive(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.failAll(new ServiceError('INTERNAL', 'the keyline service sent something that is not JSON'));
      this.socket.destroy();
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message) {
      for (const listener of this.listeners) listener(message as ControlEvent);
    } else if ('ok' in message) {
      this.settle(message as ControlResponse);
    }
  }

  /** An answer with id null (the service could not read the request) goes to the oldest request. */
  private settle(response: ControlResponse): void {
    const id = response.id ?? this.pending.keys().next().value;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || pending === undefined) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new ServiceError(response.error.code, response.error.message));
  }

  private failAll(error: ServiceError): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}
