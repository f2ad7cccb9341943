import type { Socket } from 'node:net';
import { ControlError } from './ControlError.js';
import type { ControlHandler } from './ControlHandler.js';
import type { ControlLogger } from './ControlLogger.js';
import { LineFramer, type Frame } from './LineFramer.js';
import { dispatchRequest } from './dispatchRequest.js';
import type { ControlEvent, ControlMessage, ControlResponse } from './messages.js';
import { parseRequest } from './parseRequest.js';

export interface ControlConnectionOptions {
  handler: ControlHandler;
  logger: ControlLogger;
  maxMessageBytes: number;
  /** Called with the bytes held for an unfinished line after every chunk read. */
  onBuffered(bytes: number): void;
  onClose(connection: ControlConnection): void;
}

/**
 * One client of the control socket. Requests are answered one at a time, in order; reading pauses
 * while a request is in hand or the client is not reading its answers, so memory stays bounded by
 * one line. After `watch`, events are pushed as they come; while the client lags they are dropped
 * and one `status` event is sent when it catches up (lamps are derived state: the snapshot is
 * complete). A client that closes its sending side is answered, then closed: a watcher keeps it
 * open for as long as it watches. A client that vanishes while a request is in hand is noticed,
 * and cleaned up, when that request is answered.
 */
export class ControlConnection {
  private readonly framer: LineFramer;
  private readonly queue: Frame[] = [];
  private pumping = false;
  private ended = false;
  private closed = false;
  private unsubscribe: (() => void) | null = null;
  private resyncOnDrain = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: ControlConnectionOptions,
  ) {
    this.framer = new LineFramer(options.maxMessageBytes);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('end', () => this.readEnd());
    socket.on('drain', () => this.drain());
    // A client that goes away mid-write is normal; 'close' cleans up.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.cleanUp());
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    for (const frame of this.framer.push(chunk)) this.queue.push(frame);
    this.options.onBuffered(this.framer.bufferedBytes);
    this.pump();
  }

  private readEnd(): void {
    this.ended = true;
    for (const frame of this.framer.end()) this.queue.push(frame);
    this.pump();
  }

  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    this.socket.pause();
    this.work()
      .catch((error: unknown) => {
        this.options.logger.error('control connection failed', error);
        this.socket.destroy();
      })
      .finally(() => {
        this.pumping = false;
        if (this.closed) return;
        if (this.queue.length > 0) this.pump();
        else if (this.ended) this.socket.end();
        else this.socket.resume();
      });
  }

  private async work(): Promise<void> {
    for (let frame = this.queue.shift(); frame !== undefined && !this.closed; frame = this.queue.shift()) {
      await this.handle(frame);
      if (this.socket.writableNeedDrain) await this.drained();
    }
  }

  private async handle(frame: Frame): Promise<void> {
    if (frame.kind === 'too-long') {
      const message = `request line longer than ${this.options.maxMessageBytes} bytes; discarded`;
      this.send({ id: frame.id, ok: false, error: { code: 'TOO_LONG', message } });
      return;
    }
    if (frame.text.trim() === '') return;
    const parsed = parseRequest(frame.text);
    if (!parsed.ok) {
      this.send({ id: parsed.id, ok: false, error: { code: parsed.code, message: parsed.message } });
      return;
    }
    const { request } = parsed;
    if (request.cmd === 'watch') {
      this.watch(request.id);
      return;
    }
    try {
      const result = await dispatchRequest(this.options.handler, request);
      this.send({ id: request.id, ok: true, result: result ?? null });
    } catch (error) {
      this.send(this.failure(request.id, request.cmd, error));
    }
  }

  /** Snapshot and subscription in one tick, so no event falls between them. */
  private watch(id: number): void {
    let response: ControlResponse;
    try {
      const status = this.options.handler.status();
      this.unsubscribe ??= this.options.handler.subscribe((event) => this.push(event));
      response = { id, ok: true, result: status };
    } catch (error) {
      response = this.failure(id, 'watch', error);
    }
    this.send(response);
  }

  /** Called from inside the key system's step: never throws. */
  private push(event: ControlEvent): void {
    if (this.closed) return;
    try {
      if (this.socket.writableNeedDrain) this.resyncOnDrain = true;
      else this.send(event);
    } catch (error) {
      this.options.logger.error('pushing a watch event failed', error);
    }
  }

  private drain(): void {
    if (!this.resyncOnDrain || this.closed) return;
    this.resyncOnDrain = false;
    try {
      this.send({ event: 'status', status: this.options.handler.status() });
    } catch (error) {
      this.options.logger.error('status for a lagging watcher failed', error);
    }
  }

  private failure(id: number | null, cmd: string, error: unknown): ControlResponse {
    if (error instanceof ControlError) return { id, ok: false, error: { code: error.code, message: error.message } };
    this.options.logger.error(`control request ${cmd} failed`, error);
    const message = error instanceof Error ? error.message : String(error);
    return { id, ok: false, error: { code: 'INTERNAL', message } };
  }

  private send(message: ControlMessage): void {
    if (this.closed || !this.socket.writable) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      if (!('id' in message)) {
        this.options.logger.error('watch event is not serialisable', error);
        return;
      }
      text = JSON.stringify(this.failure(message.id, 'result', error));
    }
    this.socket.write(`${text}\n`);
  }

  private drained(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.options.onClose(this);
  }
}
