import { once } from 'node:events';
import { link, lstat, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlError } from './ControlError.js';
import type { ControlHandler } from './ControlHandler.js';
import type { ControlLogger } from './ControlLogger.js';
import { ControlServer } from './ControlServer.js';
import { MAX_MESSAGE_BYTES, type ControlEvent, type SimCommand, type SystemStatus } from './messages.js';

const STATUS: SystemStatus = {
  t: 1000,
  lines: [{ id: '1', label: 'Main', port: 'fxo0', state: 'idle', call: null, pending: [] }],
  stations: [],
  lampField: [{ line: '1', lamp: 'idle' }],
};

class FakeHandler implements ControlHandler {
  readonly sims: SimCommand[] = [];
  readonly listeners = new Set<(event: ControlEvent) => void>();
  private unsubscribed: () => void = () => undefined;
  readonly unsubscribedOnce = new Promise<void>((resolve) => (this.unsubscribed = resolve));

  status(): SystemStatus {
    return STATUS;
  }
  calls(): Promise<never[]> {
    return Promise.resolve([]);
  }
  async reload() {
    return { applied: true, changes: ['line 2 added'], pending: [], errors: [] };
  }
  sim(command: SimCommand): unknown {
    this.sims.push(command);
    if (command.cmd === 'sim.hangup' && command.line === 'boom') throw new Error('kaboom');
    if (command.cmd === 'sim.hangup' && command.line === 'nope') throw new ControlError('NOT_FOUND', 'no line "nope"');
    return { done: command.cmd };
  }
  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      this.unsubscribed();
    };
  }
  emit(event: ControlEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A raw protocol client: writes text, reads parsed JSON lines in order. */
class LineClient {
  private readonly lines: unknown[] = [];
  private waiting: ((line: unknown) => void) | null = null;
  private rest = '';

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      const parts = (this.rest + text).split('\n');
      this.rest = parts.pop() ?? '';
      for (const part of parts) this.deliver(JSON.parse(part));
    });
  }

  static async connect(path: string): Promise<LineClient> {
    const socket = createConnection(path);
    await once(socket, 'connect');
    return new LineClient(socket);
  }

  send(text: string): void {
    this.socket.write(text);
  }

  request(body: object): Promise<Record<string, unknown>> {
    this.send(`${JSON.stringify(body)}\n`);
    return this.next();
  }

  next(): Promise<Record<string, unknown>> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line as Record<string, unknown>);
    return new Promise((resolve) => (this.waiting = (value) => resolve(value as Record<string, unknown>)));
  }

  private deliver(line: unknown): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(line);
    else this.lines.push(line);
  }
}

describe('ControlServer', () => {
  let dir: string;
  let path: string;
  let handler: FakeHandler;
  const errors: string[] = [];
  const logger: ControlLogger = { warn: () => undefined, error: (message) => errors.push(message) };
  const toClose: Array<{ close(): unknown }> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyline-ctl-'));
    path = join(dir, 'run', 'control.sock');
    handler = new FakeHandler();
    errors.length = 0;
  });

  afterEach(async () => {
    for (const item of toClose.splice(0)) await item.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(): Promise<ControlServer> {
    const server = await ControlServer.listen({ path, handler, logger });
    toClose.push(server);
    return server;
  }

  async function client(): Promise<LineClient> {
    const c = await LineClient.connect(path);
    toClose.push({ close: () => c.socket.destroy() });
    return c;
  }

  it('answers requests by id, creates its directory 0750-or-tighter and the socket 0660', async () => {
    await start();
    expect((await lstat(path)).mode & 0o777).toBe(0o660);
    expect((await stat(join(dir, 'run'))).mode & 0o027).toBe(0);
    const c = await client();
    expect(await c.request({ id: 1, cmd: 'status' })).toEqual({ id: 1, ok: true, result: STATUS });
    expect(await c.request({ id: 2, cmd: 'reload' })).toMatchObject({ id: 2, ok: true, result: { applied: true } });
    expect(await c.request({ id: 3, cmd: 'sim.ring', line: '1', number: '5551234' })).toEqual({ id: 3, ok: true, result: { done: 'sim.ring' } });
    expect(handler.sims).toEqual([{ cmd: 'sim.ring', line: '1', number: '5551234' }]);
  });

  it('answers several requests in one chunk in order, and CRLF lines', async () => {
    await start();
    const c = await client();
    c.send('{"id":1,"cmd":"status"}\n\n{"id":2,"cmd":"calls","limit":5}\r\n');
    expect(await c.next()).toMatchObject({ id: 1, ok: true });
    expect(await c.next()).toEqual({ id: 2, ok: true, result: [] });
  });

  it('answers BAD_JSON with id null and keeps the connection', async () => {
    await start();
    const c = await client();
    c.send('this is not json\n');
    expect(await c.next()).toMatchObject({ id: null, ok: false, error: { code: 'BAD_JSON' } });
    expect(await c.request({ id: 2, cmd: 'status' })).toMatchObject({ id: 2, ok: true });
  });

  it('answers TOO_LONG to a 10 MB line sent in chunks, holds at most one message, then serves the next request', async () => {
    const server = await start();
    const c = await client();
    const chunk = Buffer.alloc(64 * 1024, 'x'.charCodeAt(0));
    c.send('{"id":5,"cmd":"status","pad":"');
    for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk.length) {
      if (!c.socket.write(chunk)) await once(c.socket, 'drain');
    }
    c.send('"}\n');
    const tooLong = await c.next();
    expect(tooLong).toMatchObject({ id: 5, ok: false, error: { code: 'TOO_LONG' } });
    expect(await c.request({ id: 6, cmd: 'status' })).toMatchObject({ id: 6, ok: true });
    expect(server.peakBufferedBytes).toBeGreaterThan(0);
    expect(server.peakBufferedBytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });

  it('answers BAD_REQUEST naming the field', async () => {
    await start();
    const c = await client();
    const missing = await c.request({ id: 1, cmd: 'sim.ring' });
    expect(missing).toMatchObject({ id: 1, ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(missing)).toMatch(/line:/);
    const wrongType = await c.request({ id: 2, cmd: 'sim.reachable', station: 'desk1', reachable: 'yes' });
    expect(JSON.stringify(wrongType)).toMatch(/BAD_REQUEST.*reachable:/);
    const unknownField = await c.request({ id: 3, cmd: 'status', verbose: true });
    expect(JSON.stringify(unknownField)).toMatch(/BAD_REQUEST.*verbose/);
    const noId = await c.request({ cmd: 'status' });
    expect(noId).toMatchObject({ id: null, ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(noId)).toMatch(/id:/);
    expect(await c.request([1, 2])).toMatchObject({ id: null, error: { code: 'BAD_REQUEST' } });
  });

  it('answers UNKNOWN_COMMAND listing the known ones', async () => {
    await start();
    const c = await client();
    const response = await c.request({ id: 9, cmd: 'frobnicate' });
    expect(response).toMatchObject({ id: 9, ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(JSON.stringify(response)).toMatch(/status, watch, calls, reload, sim\.ring/);
  });

  it('passes a ControlError through, answers INTERNAL for anything else, logs it and keeps serving', async () => {
    await start();
    const c = await client();
    expect(await c.request({ id: 1, cmd: 'sim.hangup', line: 'nope' })).toEqual({
      id: 1, ok: false, error: { code: 'NOT_FOUND', message: 'no line "nope"' },
    });
    expect(errors).toEqual([]);
    expect(await c.request({ id: 2, cmd: 'sim.hangup', line: 'boom' })).toEqual({
      id: 2, ok: false, error: { code: 'INTERNAL', message: 'kaboom' },
    });
    expect(errors).toHaveLength(1);
    expect(await c.request({ id: 3, cmd: 'status' })).toMatchObject({ id: 3, ok: true });
    const other = await client();
    expect(await other.request({ id: 1, cmd: 'status' })).toMatchObject({ ok: true });
  });

  it('answers a client that half-closes, then ends the connection', async () => {
    await start();
    const c = await client();
    c.socket.end('{"id":1,"cmd":"status"}');
    const ended = once(c.socket, 'end');
    expect(await c.next()).toMatchObject({ id: 1, ok: true });
    await ended;
  });

  it('watch: answers the status, pushes events, unsubscribes when the client goes', async () => {
    const server = await start();
    const c = await client();
    expect(await c.request({ id: 1, cmd: 'watch' })).toEqual({ id: 1, ok: true, result: STATUS });
    expect(handler.listeners.size).toBe(1);
    handler.emit({ event: 'lamp', station: 'desk1', line: '1', lamp: 'ringing-here' });
    handler.emit({ event: 'status', status: { ...STATUS, t: 2000 } });
    expect(await c.next()).toEqual({ event: 'lamp', station: 'desk1', line: '1', lamp: 'ringing-here' });
    expect(await c.next()).toMatchObject({ event: 'status', status: { t: 2000 } });
    expect(await c.request({ id: 2, cmd: 'status' })).toMatchObject({ id: 2, ok: true });
    c.socket.destroy();
    await handler.unsubscribedOnce;
    expect(handler.listeners.size).toBe(0);
    expect(server.connectionCount).toBe(0);
  });

  it('watch: drops events for a client that does not read and resyncs it with one status event', async () => {
    await start();
    const c = await client();
    await c.request({ id: 1, cmd: 'watch' });
    c.socket.pause();
    const flood = 20_000;
    for (let i = 0; i < flood; i += 1) handler.emit({ event: 'lamp', station: `station-${i}`, line: '1', lamp: 'in-use-other' });
    c.socket.resume();
    let lamps = 0;
    let message = await c.next();
    for (; message['event'] === 'lamp'; message = await c.next()) lamps += 1;
    expect(message).toEqual({ event: 'status', status: STATUS });
    expect(lamps).toBeLessThan(flood);
  });

  it('cleans up a client that disconnects while its request is in hand, once it is answered', async () => {
    const server = await start();
    let answer: (entries: never[]) => void = () => undefined;
    let started: () => void = () => undefined;
    const inHand = new Promise<void>((resolve) => (started = resolve));
    handler.calls = () => {
      started();
      return new Promise<never[]>((resolve) => (answer = resolve));
    };
    const c = await client();
    await c.request({ id: 1, cmd: 'watch' });
    c.send('{"id":2,"cmd":"calls"}\n{"id":3,"cmd":"sta');
    await inHand;
    c.socket.destroy();
    // The server notices when it next reads or writes: once the request in hand is answered.
    answer([]);
    await handler.unsubscribedOnce;
    expect(server.connectionCount).toBe(0);
    const other = await client();
    expect(await other.request({ id: 1, cmd: 'status' })).toMatchObject({ ok: true });
    expect(errors).toEqual([]);
  });

  it('removes a stale socket file and starts', async () => {
    await start().then((server) => server.close());
    const raw = createServer();
    await new Promise<void>((resolve) => raw.listen(path, resolve));
    const stale = join(dir, 'run', 'stale.sock');
    await link(path, stale);
    await new Promise((resolve) => raw.close(resolve));
    const server = await ControlServer.listen({ path: stale, handler, logger });
    toClose.push(server);
    const c = await LineClient.connect(stale);
    toClose.push({ close: () => c.socket.destroy() });
    expect(await c.request({ id: 1, cmd: 'status' })).toMatchObject({ ok: true });
  });

  it('refuses to start where a live keyline listens, leaving it running', async () => {
    await start();
    await expect(ControlServer.listen({ path, handler, logger })).rejects.toThrow(`another keyline is running on ${path}`);
    const c = await client();
    expect(await c.request({ id: 1, cmd: 'status' })).toMatchObject({ ok: true });
  });

  it('refuses a path that is not a socket and leaves the file alone', async () => {
    await start().then((server) => server.close());
    await writeFile(path, 'precious');
    await expect(ControlServer.listen({ path, handler, logger })).rejects.toThrow(/not a socket/);
    expect((await lstat(path)).isFile()).toBe(true);
  });

  it('close disconnects clients and removes the socket file', async () => {
    const server = await start();
    const c = await client();
    await c.request({ id: 1, cmd: 'watch' });
    const closed = once(c.socket, 'close');
    await server.close();
    await closed;
    await expect(lstat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    await server.close();
  });
});
