import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';

/** A message a bench child prints: one JSON object per stdout line, with a `type`. */
export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

export interface JsonLineChildOptions {
  /** stderr goes to this file (never to a pipe nobody reads). */
  logFile: string;
  /** Killed (SIGKILL, by PID) after this long whatever happens: every process is bounded. */
  maxMs: number;
  /** Extra arguments for node itself (before the script), e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
}

/**
 * A Node program of the benchmark run as a child process that takes one JSON command per stdin
 * line and answers with JSON lines on stdout. Stopped by its own PID, never by name: `stop()`
 * closes its stdin (the programs exit when it closes), waits, then SIGKILL.
 */
export class JsonLineChild {
  private static readonly live = new Set<JsonLineChild>();

  /** Stops every child still running (on interruption). */
  static async stopAll(): Promise<void> {
    await Promise.all([...JsonLineChild.live].map((c) => c.stop(1000)));
  }

  readonly exited: Promise<number | null>;
  private readonly proc: ChildProcess;
  private readonly cap: ReturnType<typeof setTimeout>;
  private readonly queue: ChildMessage[] = [];
  private waiter: { type: string; resolve: (m: ChildMessage) => void; reject: (e: Error) => void } | null = null;
  private done = false;

  constructor(readonly name: string, script: string, args: readonly string[], o: JsonLineChildOptions) {
    const fd = openSync(o.logFile, 'a');
    this.proc = spawn(process.execPath, [...(o.nodeArgs ?? []), script, ...args], { stdio: ['pipe', 'pipe', fd] });
    closeSync(fd);
    let buf = '';
    this.proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('{')) this.deliver(JSON.parse(line) as ChildMessage);
        else if (line.trim() !== '') appendFileSync(o.logFile, `${name} stdout: ${line}\n`); // e.g. --trace-gc
      }
    });
    this.proc.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code) => resolve(code));
      this.proc.on('error', () => resolve(null));
    });
    this.cap = setTimeout(() => this.kill(), o.maxMs);
    JsonLineChild.live.add(this);
    void this.exited.then(() => {
      this.done = true;
      clearTimeout(this.cap);
      JsonLineChild.live.delete(this);
      this.waiter?.reject(new Error(`${this.name} exited (see its log)`));
      this.waiter = null;
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  send(command: Record<string, unknown>): void {
    this.proc.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  /** The next message of this type (earlier ones of other types are dropped); rejects after `timeoutMs`. */
  next(type: string, timeoutMs = 15_000): Promise<ChildMessage> {
    for (;;) {
      const m = this.queue.shift();
      if (m === undefined) break;
      if (m.type === type) return Promise.resolve(m);
    }
    if (this.done) return Promise.reject(new Error(`${this.name} has exited`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`${this.name}: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        type,
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
    });
  }

  /** Sends a command and waits for the answer of `type`. */
  request(command: Record<string, unknown>, type: string, timeoutMs?: number): Promise<ChildMessage> {
    const answer = this.next(type, timeoutMs);
    this.send(command);
    return answer;
  }

  /** Closes stdin (the program's cue to exit), up to `graceMs`, then SIGKILL by PID. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.done) return;
    this.proc.stdin?.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private kill(): void {
    if (!this.done && this.pid > 0) {
      try { process.kill(this.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }

  private deliver(m: ChildMessage): void {
    const w = this.waiter;
    if (w !== null && m.type === w.type) {
      this.waiter = null;
      w.resolve(m);
    } else {
      this.queue.push(m);
    }
  }
}
