import { link, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlError } from '../control/ControlError.js';
import type { ControlHandler } from '../control/ControlHandler.js';
import { ControlServer } from '../control/ControlServer.js';
import type { CallLogEntry, ControlEvent, ReloadResult, SimCommand, SystemStatus } from '../control/messages.js';
import { ANSI } from './ansi.js';
import type { CliStream } from './CliIo.js';
import { formatStatus } from './formatStatus.js';
import { runCli } from './index.js';

const STATUS: SystemStatus = {
  t: 60_000,
  lines: [
    {
      id: '1', label: 'Main', port: 'fxo0', state: 'ringing.active', pending: [],
      call: { id: 'c1', direction: 'in', callerId: { number: '5551234', name: 'ALICE' }, t0: 50_000, answeredAt: null, connected: [], holders: [], seizer: null },
    },
    { id: '2', label: 'Fax', port: 'fxo1', state: 'idle', call: null, pending: [] },
  ],
  stations: [
    {
      id: 'desk1', kind: 'sim', busy: false, reachable: true, handset: 'down',
      lamps: [{ line: '1', lamp: 'ringing-here' }, { line: '2', lamp: 'idle' }],
      alerts: [{ line: '1', call: 'c1', kind: 'ring' }], lastRefusal: null,
    },
  ],
  lampField: [{ line: '1', lamp: 'ringing-not-here' }, { line: '2', lamp: 'idle' }],
};

const CALL: CallLogEntry = {
  id: 'c0', line: '2', direction: 'in', callerId: { withheld: 'P' }, digits: '', glare: false,
  start: '2024-05-01T10:00:00.000Z', answer: '2024-05-01T10:00:05.000Z', end: '2024-05-01T10:02:05.000Z',
  answeredBy: 'desk1', stations: ['desk1'], held: [], barged: [], outcome: 'completed',
};

class FakeHandler implements ControlHandler {
  readonly sims: SimCommand[] = [];
  readonly listeners = new Set<(event: ControlEvent) => void>();
  limits: Array<number | undefined> = [];
  reloadResult: ReloadResult | Error = { applied: true, changes: ['line 3 added'], pending: ['station desk9 removed'], errors: [] };

  status(): SystemStatus {
    return STATUS;
  }
  async calls(limit?: number): Promise<CallLogEntry[]> {
    this.limits.push(limit);
    return [CALL];
  }
  async reload(): Promise<ReloadResult> {
    if (this.reloadResult instanceof Error) throw this.reloadResult;
    return this.reloadResult;
  }
  sim(command: SimCommand): unknown {
    if ('line' in command && command.line === '9') throw new ControlError('NOT_FOUND', 'no line "9"');
    this.sims.push(command);
    return null;
  }
  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: ControlEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A stream that records what is written and lets a test await some text. */
class Capture implements CliStream {
  text = '';
  private waiters: Array<{ pattern: RegExp; resolve(): void }> = [];

  constructor(readonly isTTY = false) {}

  write(chunk: string): boolean {
    this.text += chunk;
    this.waiters = this.waiters.filter((waiter) => !(waiter.pattern.test(this.text) && (waiter.resolve(), true)));
    return true;
  }

  waitFor(pattern: RegExp): Promise<void> {
    if (pattern.test(this.text)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }
}

describe('runCli', () => {
  let dir: string;
  let path: string;
  let handler: FakeHandler;
  let server: ControlServer;
  let stdout: Capture;
  let stderr: Capture;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyline-cli-'));
    path = join(dir, 'control.sock');
    handler = new FakeHandler();
    server = await ControlServer.listen({ path, handler, logger: { warn: () => undefined, error: () => undefined } });
    stdout = new Capture();
    stderr = new Capture();
  });

  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...argv: string[]): Promise<number> => runCli([...argv, '--socket', path], { stdout, stderr });

  it('prints the usage of every command for help, --help and no arguments', async () => {
    for (const argv of [[], ['help'], ['--help']]) {
      const out = new Capture();
      expect(await runCli(argv, { stdout: out, stderr })).toBe(0);
      for (const command of ['run', 'config check', 'config import-sla', 'status', 'watch', 'calls', 'reload', 'sim ring', 'sim panel-press']) {
        expect(out.text).toContain(`keyline ${command}`);
      }
    }
    expect(stderr.text).toBe('');
  });

  it('exits 2 with a message for an unknown command or bad arguments', async () => {
    expect(await runCli(['frobnicate'], { stdout, stderr })).toBe(2);
    expect(stderr.text).toMatch(/^keyline: unknown command "frobnicate"\n/);
    for (const argv of [['status', 'extra'], ['status', '--frob'], ['calls', '--limit', 'x'], ['sim'], ['sim', 'frob'], ['sim', 'ring'],
      ['sim', 'ring', '1', '--digits', '5'], ['sim', 'reachable', 'desk1', 'maybe'], ['sim', 'panel-press', 'p1', 'x'], ['sim', 'ring', '1', '--withheld', 'X']]) {
      const err = new Capture();
      expect(await runCli([...argv, '--socket', path], { stdout, stderr: err }), argv.join(' ')).toBe(2);
      expect(err.text).toMatch(/^keyline: .+\nusage:\n {2}keyline /);
    }
    expect(handler.sims).toEqual([]);
    expect(stdout.text).toBe('');
  });

  it('status prints the tables, --json the SystemStatus', async () => {
    expect(await cli('status')).toBe(0);
    expect(stdout.text).toBe(formatStatus(STATUS));
    expect(stdout.text).toMatch(/^1 +Main +ringing\.active +c1 +5551234 "ALICE"/m);
    expect(stdout.text).toMatch(/^desk1 +ringing-here +idle$/m);
    stdout.text = '';
    expect(await cli('status', '--json')).toBe(0);
    expect(JSON.parse(stdout.text)).toEqual(STATUS);
  });

  it.each<[string[], SimCommand]>([
    [['ring', '1'], { cmd: 'sim.ring', line: '1' }],
    [['ring', '1', '--number', '5551234', '--name', 'ALICE'], { cmd: 'sim.ring', line: '1', number: '5551234', name: 'ALICE' }],
    [['ring', '2', '--withheld', 'p'], { cmd: 'sim.ring', line: '2', withheld: 'P' }],
    [['hangup', '1'], { cmd: 'sim.hangup', line: '1' }],
    [['offhook', 'desk1'], { cmd: 'sim.offhook', station: 'desk1' }],
    [['offhook', 'desk1', '--digits', '5551234'], { cmd: 'sim.offhook', station: 'desk1', digits: '5551234' }],
    [['onhook', 'desk1'], { cmd: 'sim.onhook', station: 'desk1' }],
    [['press', 'desk1', '2', '--digits', '911'], { cmd: 'sim.press', station: 'desk1', line: '2', digits: '911' }],
    [['hold', 'desk1'], { cmd: 'sim.hold', station: 'desk1' }],
    [['answer', 'desk1'], { cmd: 'sim.answer', station: 'desk1' }],
    [['answer', 'desk1', '1'], { cmd: 'sim.answer', station: 'desk1', line: '1' }],
    [['decline', 'desk1', '1'], { cmd: 'sim.decline', station: 'desk1', line: '1' }],
    [['reachable', 'desk1', 'off'], { cmd: 'sim.reachable', station: 'desk1', reachable: false }],
    [['battery', '2', 'on'], { cmd: 'sim.battery', line: '2', present: true }],
    [['panel-press', 'xk1', '12'], { cmd: 'sim.panelPress', panel: 'xk1', key: 12 }],
  ])('sim %j sends %j', async (args, expected) => {
    expect(await cli('sim', ...args)).toBe(0);
    expect(handler.sims).toEqual([expected]);
    expect(stdout.text).toBe('ok\n');
  });

  it('prints an error answer on stderr and exits 1', async () => {
    expect(await cli('sim', 'hangup', '9')).toBe(1);
    expect(stderr.text).toBe('keyline: no line "9"\n');
  });

  it('says the service is not running when nothing listens, or only a stale socket is left', async () => {
    const missing = join(dir, 'nothing.sock');
    expect(await runCli(['status', '--socket', missing], { stdout, stderr })).toBe(1);
    expect(stderr.text).toBe(`keyline: cannot reach the keyline service at ${missing} (is it running? start it with \`keyline run\`)\n`);
    const raw = createServer();
    const live = join(dir, 'live.sock');
    const stale = join(dir, 'stale.sock');
    await new Promise<void>((resolve) => raw.listen(live, resolve));
    await link(live, stale);
    await new Promise((resolve) => raw.close(resolve));
    const err = new Capture();
    expect(await runCli(['calls', '--socket', stale], { stdout, stderr: err })).toBe(1);
    expect(err.text).toMatch(/cannot reach the keyline service at .*stale\.sock \(is it running\?/);
  });

  it('calls prints the log and passes --limit', async () => {
    expect(await cli('calls', '--limit', '20')).toBe(0);
    expect(handler.limits).toEqual([20]);
    expect(stdout.text).toMatch(/^START +LINE +DIR +CALLER +ANSWERED BY +DURATION +OUTCOME\n.* 2 +in +withheld +desk1 +2:05 +completed\n$/);
    stdout.text = '';
    expect(await cli('calls', '--json')).toBe(0);
    expect(handler.limits).toEqual([20, undefined]);
    expect(JSON.parse(stdout.text)).toEqual([CALL]);
  });

  it('reload prints what was applied and what is pending, or the errors', async () => {
    expect(await cli('reload')).toBe(0);
    expect(stdout.text).toBe('configuration reloaded\napplied:\n  line 3 added\npending until their calls end:\n  station desk9 removed\n');
    handler.reloadResult = { applied: false, changes: [], pending: [], errors: ['site.yaml:4:3 lines.3.port: unknown port "fxo9"'] };
    expect(await cli('reload')).toBe(1);
    expect(stderr.text).toBe('keyline: configuration rejected, nothing changed:\n  site.yaml:4:3 lines.3.port: unknown port "fxo9"\n');
    handler.reloadResult = new ControlError('CONFIG', 'site.yaml:1:1: not YAML');
    const err = new Capture();
    expect(await runCli(['reload', '--socket', path], { stdout, stderr: err })).toBe(1);
    expect(err.text).toBe('keyline: site.yaml:1:1: not YAML\n');
  });

  it('watch --json streams the snapshot, then every event, and exits 0 when interrupted', async () => {
    const interrupt = new AbortController();
    const exit = runCli(['watch', '--json', '--socket', path], { stdout, stderr, interrupt: interrupt.signal });
    await stdout.waitFor(/\n$/);
    expect(JSON.parse(stdout.text)).toEqual({ event: 'status', status: STATUS });
    handler.emit({ event: 'lamp', station: 'desk1', line: '2', lamp: 'seizing' });
    await stdout.waitFor(/"seizing"/);
    expect(stdout.text.split('\n')[1]).toBe('{"event":"lamp","station":"desk1","line":"2","lamp":"seizing"}');
    interrupt.abort();
    expect(await exit).toBe(0);
    expect(stderr.text).toBe('');
  });

  it('watch draws the board with (~) for blinking lamps off a terminal and redraws on events', async () => {
    const interrupt = new AbortController();
    const exit = runCli(['watch', '--socket', path], { stdout, stderr, interrupt: interrupt.signal });
    await stdout.waitFor(/legend|free/);
    expect(stdout.text).toMatch(/^desk1 +RING\(~\) +idle$/m);
    expect(stdout.text).toMatch(/^lamp field +ring\(~\) +idle$/m);
    expect(stdout.text).toMatch(/^1 +Main +ringing\.active +5551234 "ALICE"$/m);
    handler.emit({ event: 'lamp', station: 'desk1', line: '1', lamp: 'in-use-mine' });
    await stdout.waitFor(/^desk1 +talk +idle$/m);
    interrupt.abort();
    expect(await exit).toBe(0);
  });

  it('watch on a terminal hides the cursor, colours cells and restores the cursor on exit', async () => {
    const tty = new Capture(true);
    const interrupt = new AbortController();
    const exit = runCli(['watch', '--socket', path], { stdout: tty, stderr, interrupt: interrupt.signal });
    await tty.waitFor(/lamp field/);
    expect(tty.text.startsWith(ANSI.hideCursor)).toBe(true);
    // Lit or dark depends on the wall clock's blink phase; lampCell.test.ts checks both.
    expect([`${ANSI.dim} ring`, `${ANSI.onRed} ring`].some((cell) => tty.text.includes(cell))).toBe(true);
    interrupt.abort();
    expect(await exit).toBe(0);
    expect(tty.text.endsWith(`${ANSI.showCursor}\n`)).toBe(true);
  });

  it('watch exits 1 with a message when the service goes away', async () => {
    const exit = runCli(['watch', '--json', '--socket', path], { stdout, stderr, interrupt: new AbortController().signal });
    await stdout.waitFor(/\n$/);
    await server.close();
    expect(await exit).toBe(1);
    expect(stderr.text).toBe('keyline: the keyline service closed the connection\n');
  });
});
