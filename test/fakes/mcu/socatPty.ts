import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../realClock.js';

export interface PtyPair {
  /** The host's end. */
  a: string;
  /** The far end (where a fake board listens). */
  b: string;
  stop(): Promise<void>;
}

export const hasSocat = (): boolean => spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

/** Two linked ptys from `socat` (hardware.md §8), stopped by PID; bounded to 5 s to appear. */
export async function socatPty(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'keyline-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 50 && !(existsSync(a) && existsSync(b)); i++) await sleep(100);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await Promise.race([exited, sleep(2000)]);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!existsSync(a) || !existsSync(b)) {
    await stop();
    throw new Error('socat did not create the pty pair within 5 s');
  }
  return { a, b, stop };
}
