import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { ROOT, tempDir } from './ServiceProcess.js';
import { wavFile } from '../../src/cli/wavFile.js';

/** Whether baresip is installed (Debian `baresip`); the README's test command installs it. */
export const HAS_BARESIP = spawnSync('baresip', ['-h'], { encoding: 'utf8' }).status !== null;
/** coreutils `stdbuf`: baresip's stdout to a pipe is block-buffered; line-buffered, its trace is timely. */
const HAS_STDBUF = spawnSync('stdbuf', ['--version'], { encoding: 'utf8' }).status === 0;

const CONFIG = join(ROOT, 'test', 'fixtures', 'baresip', 'config');
const MODULE_DIRS = ['/usr/lib/baresip/modules', '/usr/local/lib/baresip/modules', '/usr/lib/x86_64-linux-gnu/baresip/modules'];
const MODULES = ['ctrl_tcp.so', 'menu.so', 'aufile.so', 'aubridge.so', 'g711.so', 'account.so'];

/** One `ctrl_tcp` event: `{"event":true,"type":"CALL_INCOMING","param":…,"id":…,"peeruri":…}`. */
export interface BaresipEvent {
  type: string;
  class?: string;
  id?: string;
  param?: string;
  peeruri?: string;
  [key: string]: unknown;
}

/** A `ctrl_tcp` answer to one command: `{"response":true,"ok":…,"data":…,"token":…}`. */
interface Answer {
  ok: boolean;
  data: string;
}

/**
 * Splits a ctrl_tcp byte stream into netstrings (`<length>:<payload>,`), keeping an incomplete tail.
 * Pure: bytes in, payloads out. A malformed prefix is an error (the stream cannot be resynchronised).
 */
export function readNetstrings(buffer: Buffer): { payloads: string[]; rest: Buffer } {
  const payloads: string[] = [];
  let rest = buffer;
  for (;;) {
    const colon = rest.indexOf(0x3a);
    if (colon < 0) break;
    const head = rest.subarray(0, colon).toString('latin1');
    if (!/^\d{1,7}$/.test(head)) throw new Error(`ctrl_tcp: bad netstring length "${head.slice(0, 20)}"`);
    const end = colon + 1 + Number(head);
    if (rest.length < end + 1) break;
    if (rest[end] !== 0x2c) throw new Error('ctrl_tcp: netstring without its trailing comma');
    payloads.push(rest.subarray(colon + 1, end).toString('utf8'));
    rest = rest.subarray(end + 1);
  }
  return { payloads, rest };
}

/**
 * baresip 1.0 as a real SIP phone, headless on 127.0.0.1: a config directory of its own
 * (`baresip -f DIR`, config from test/fixtures/baresip), one account registering to keyline,
 * driven over its `ctrl_tcp` socket — JSON commands answered by token, call events pushed —
 * rather than stdin, whose `stdio` module wants a terminal and answers in free text.
 * Bounded: baresip quits by itself after `lifetimeS` (`-t`); `stop()` ends it by its PID.
 */
export class Baresip {
  readonly events: BaresipEvent[] = [];
  private output = '';
  private consumed = 0;
  private readonly pending = new Map<string, (a: Answer) => void>();
  private readonly waiters = new Set<() => void>();
  private socket: Socket | null = null;
  private token = 0;
  private readonly exited: Promise<void>;

  private constructor(readonly dir: string, readonly sipPort: number, private readonly ctrlPort: number, private readonly proc: ChildProcess) {
    const keep = (chunk: string) => { this.output = (this.output + chunk).slice(-200_000); };
    proc.stdout?.setEncoding('utf8').on('data', keep);
    proc.stderr?.setEncoding('utf8').on('data', keep);
    this.exited = new Promise((resolve) => {
      proc.once('exit', () => resolve());
      // A process that could not be spawned has no PID and may never emit 'exit'.
      proc.once('error', (error) => { keep(`baresip: ${error.message}\n`); if (proc.pid === undefined) resolve(); });
    });
  }

  /** Starts baresip with one account `<sip:USER@127.0.0.1:REGISTRAR;transport=udp>` (digest, manual answer). */
  static async start(o: {
    registrar: number; user: string; password: string; regint?: number; lifetimeS?: number;
    /** The microphone: a sine of this frequency (default 440 Hz). */
    toneHz?: number;
    /** Record every call's decoded (heard) and encoded (said) audio as WAV files (the sndfile module). */
    record?: boolean;
  }): Promise<Baresip> {
    const modulePath = MODULE_DIRS.find((d) => MODULES.every((m) => existsSync(join(d, m))));
    if (!modulePath) throw new Error(`baresip modules ${MODULES.join(', ')} not found in ${MODULE_DIRS.join(' or ')}`);
    const dir = tempDir('baresip');
    const sipPort = await freePortPair();
    const ctrlPort = await freePort();
    const source = join(dir, 'tone.wav');
    writeFileSync(source, toneWav(60, o.toneHz ?? 440)); // longer than any test call: aufile stops at its end
    const record = o.record === true && existsSync(join(modulePath, 'sndfile.so'))
      ? `module\t\t\tsndfile.so\nsnd_path\t\t${dir}` : '';
    if (o.record === true && record === '') throw new Error(`baresip module sndfile.so not found in ${modulePath}: cannot record audio`);
    const vars: Record<string, string> = { sipListen: `127.0.0.1:${sipPort}`, ctrlListen: `127.0.0.1:${ctrlPort}`, modulePath, source, record };
    writeFileSync(join(dir, 'config'), readFileSync(CONFIG, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? ''));
    writeFileSync(join(dir, 'accounts'),
      `<sip:${o.user}@127.0.0.1:${o.registrar};transport=udp>;auth_pass=${o.password};regint=${o.regint ?? 60};answermode=manual;mwi=no\n`);
    // -s: SIP trace on stdout, for the assertions and for the message of a failed test.
    // stdbuf execs baresip: the PID is baresip's.
    const argv = ['baresip', '-f', dir, '-s', '-t', String(o.lifetimeS ?? 90)];
    const [file, ...args] = HAS_STDBUF ? ['stdbuf', '-oL', '-eL', ...argv] : argv;
    const proc = spawn(file ?? 'baresip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const phone = new Baresip(dir, sipPort, ctrlPort, proc);
    try {
      await phone.connectControl();
    } catch (error) {
      await phone.stop();
      throw error;
    }
    return phone;
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /**
   * The WAV files the sndfile module wrote (with `record`): `dec` is what the phone heard, `enc`
   * what it said, one pair per call, oldest first. A file is complete once its call has ended.
   */
  recordings(kind: 'dec' | 'enc'): string[] {
    return readdirSync(this.dir).filter((f) => f.startsWith('dump-') && f.endsWith(`-${kind}.wav`)).sort().map((f) => join(this.dir, f));
  }

  /** What baresip printed (SIP trace included), for assertions and failure messages. */
  get log(): string {
    return this.output;
  }

  /** Runs a menu command (`accept`, `hold`, `resume`, `hangup`, `reginfo`…); rejects if baresip says it failed. */
  async command(command: string, params = '', ms = 5000): Promise<string> {
    const socket = this.socket;
    if (!socket) throw new Error('baresip: control socket not connected');
    const token = String(++this.token);
    const answer = new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(token); reject(new Error(`baresip: no answer to "${command}" within ${ms} ms\n${this.tail()}`)); }, ms);
      this.pending.set(token, (r) => { clearTimeout(timer); resolve(r); });
    });
    const json = Buffer.from(JSON.stringify({ command, params, token }));
    socket.write(Buffer.concat([Buffer.from(`${json.length}:`), json, Buffer.from(',')]));
    const a = await answer;
    if (!a.ok) throw new Error(`baresip: "${command}" failed: ${a.data}`);
    return a.data;
  }

  /** The next event of this type not returned before (events stay in order), bounded in time. */
  async nextEvent(type: string, ms = 10_000): Promise<BaresipEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.events.findIndex((e, n) => n >= this.consumed && e.type === type);
      if (i >= 0) {
        this.consumed = i + 1;
        return this.events[i] as BaresipEvent;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`baresip: no ${type} event within ${ms} ms; events: ${this.events.map((e) => e.type).join(' ')}\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const wake = () => { clearTimeout(timer); this.waiters.delete(wake); resolve(); };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /**
   * SIGTERM (baresip unregisters, then quits), SIGKILL after `graceMs`; by PID, never by name.
   * Its directory goes too; what it printed stays in `log`.
   */
  async stop(graceMs = 3000): Promise<void> {
    this.socket?.destroy();
    this.socket = null;
    if (this.proc.pid !== undefined && this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private tail(): string {
    return `--- baresip output (last 4000 characters) ---\n${this.output.slice(-4000)}`;
  }

  private async connectControl(ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null || this.proc.pid === undefined) {
        throw new Error(`baresip exited (${this.proc.exitCode ?? this.proc.signalCode ?? 'not started'})\n${this.tail()}`);
      }
      const socket = await new Promise<Socket | null>((resolve) => {
        const s = connect(this.ctrlPort, '127.0.0.1');
        s.once('connect', () => resolve(s));
        s.once('error', () => { s.destroy(); resolve(null); });
      });
      if (socket) {
        this.attach(socket);
        return;
      }
      if (Date.now() > deadline) throw new Error(`baresip: ctrl_tcp not listening on ${this.ctrlPort} after ${ms} ms\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    // baresip going away shows as its exit; a reset of this socket adds nothing.
    socket.on('error', () => undefined);
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { payloads, rest } = readNetstrings(Buffer.concat([buffer, chunk]));
      buffer = rest;
      for (const payload of payloads) this.receive(JSON.parse(payload) as Record<string, unknown>);
    });
  }

  private receive(message: Record<string, unknown>): void {
    if (message['response'] === true) {
      const token = String(message['token']);
      const data = message['data'];
      this.pending.get(token)?.({ ok: message['ok'] === true, data: typeof data === 'string' ? data : '' });
      this.pending.delete(token);
    } else if (message['event'] === true && typeof message['type'] === 'string') {
      this.events.push(message as BaresipEvent);
      for (const wake of [...this.waiters]) wake();
    }
  }
}

/** A port P free for UDP and TCP with P+1 free for TCP too: baresip adds TLS on the next port. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    const next = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port + 1, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (next) return port;
  }
  throw new Error('no free port pair on 127.0.0.1 for baresip (SIP and TLS)');
}

/** A WAV of a sine tone, 8 kHz mono S16LE: what aufile reads for G.711 without resampling. */
function toneWav(seconds: number, hz: number): Buffer {
  const rate = 8000;
  const pcm = Buffer.alloc(rate * seconds * 2);
  for (let i = 0; i < rate * seconds; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), 2 * i);
  return wavFile(pcm, rate);
}
