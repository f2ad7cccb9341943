import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when `socat` is on PATH (the pty suite is skipped, saying so, when it is not). */
export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** A connected pseudo-terminal pair from socat: bytes written to `a` come out of `b` and back. */
export interface PtyPair {
  a: string;
  b: string;
  pid: number;
  /** Kills socat by its PID (both ends hang up) and waits for it to exit, bounded. */
  stop(): Promise<void>;
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` (hardware.md §8) and waits,
 * bounded in real time, until both links exist.
 */
export async function startSocatPair(timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'keyline-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('socat did not start');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM');
    await Promise.race([exited, new Promise<void>((r) => setTimeout(r, 2000).unref())]);
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = performance.now() + timeoutMs;
  while (!(existsSync(a) && existsSync(b) && /starting data transfer loop/.test(stderr))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`socat did not provide a pty pair within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    await new Promise<void>((r) => setTimeout(r, 10));
  }
  return { a, b, pid, stop };
}
