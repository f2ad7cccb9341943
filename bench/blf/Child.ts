import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

export interface ChildOptions {
  /** stdout and stderr go to this file (a pipe nobody reads could stall the child). */
  logFile?: string;
  /** Or each stdout line goes here, as it is read (stderr to `logFile` if given). */
  onLine?: (line: string) => void;
  cwd?: string;
  /** Killed (SIGKILL, by PID) after this long whatever happens: every process is bounded. */
  maxMs: number;
}

/**
 * A child process of the benchmark, always stopped by its own PID: `stop()` sends SIGTERM, waits
 * (bounded), then SIGKILL. Never by name. `Child.stopAll()` stops every one still running (the
 * benchmark calls it when it is interrupted).
 */
export class Child {
  private static readonly live = new Set<Child>();

  static async stopAll(): Promise<void> {
    await Promise.all([...Child.live].map((c) => c.stop()));
  }

  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly proc: ChildProcess;
  private readonly cap: ReturnType<typeof setTimeout>;

  constructor(readonly name: string, command: string, args: readonly string[], o: ChildOptions) {
    const fd = o.logFile === undefined ? 'ignore' : openSync(o.logFile, 'a');
    this.proc = spawn(command, [...args], { cwd: o.cwd, stdio: ['ignore', o.onLine ? 'pipe' : fd, fd] });
    if (typeof fd === 'number') closeSync(fd);
    const onLine = o.onLine;
    if (onLine && this.proc.stdout) {
      let buf = '';
      this.proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    }
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => resolve({ code, signal }));
      this.proc.on('error', () => resolve({ code: null, signal: null }));
    });
    this.cap = setTimeout(() => this.signal('SIGKILL'), o.maxMs);
    Child.live.add(this);
    void this.exited.then(() => {
      clearTimeout(this.cap);
      Child.live.delete(this);
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  signal(sig: NodeJS.Signals): void {
    if (this.running && this.pid > 0) process.kill(this.pid, sig);
  }

  /** SIGTERM, up to `graceMs` to exit, then SIGKILL; resolves once it has exited. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
