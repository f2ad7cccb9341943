import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'keyline.js');

/** The process suites run the built service; the README's test command builds it first. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'main.js')) || !existsSync(join(ROOT, 'dist', 'bundle', 'main.js.map'))) {
    throw new Error('dist/bundle/main.js or its source map is missing: run `npm run build` (the README test command `npm test` does it) before the process tests');
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `keyline-${prefix}-`));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one `keyline` CLI command to completion (bounded: 15 s). */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A `keyline run` child process. Lines of its stdout are kept; `waitFor` resolves when one matches
 * (bounded in time). Stopped by its own PID, never by name.
 */
export class ServiceProcess {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];

  constructor(args: string[]) {
    this.proc = spawn(process.execPath, [BIN, 'run', ...args], { stdio: 'pipe' });
    let buf = '';
    this.proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        this.lines.push(line);
        for (const w of [...this.waiters]) {
          if (w.re.test(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    });
    this.proc.stderr.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  waitFor(re: RegExp, ms = 10_000): Promise<string> {
    const seen = this.lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${ms} ms; output:\n${this.lines.join('\n')}\n${this.stderr.join('')}`)), ms);
      this.waiters.push({ re, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      void this.exited.then(() => { clearTimeout(timer); reject(new Error(`service exited before ${re}:\n${this.lines.join('\n')}\n${this.stderr.join('')}`)); });
    });
  }

  signal(sig: NodeJS.Signals): void {
    if (this.proc.exitCode === null) process.kill(this.pid, sig);
  }

  /** Ends the process if a test left it running (by PID). */
  async kill(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      process.kill(this.pid, 'SIGKILL');
      await this.exited;
    }
  }
}

/**
 * Polls a condition (sync or async) against real time, bounded; for a live process there is no
 * clock to move.
 */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
