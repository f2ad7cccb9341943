import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../support/ServiceProcess.js';

export const KAMAILIO_CFG = join(ROOT, 'test', 'fixtures', 'kamailio', 'kamailio-presence.cfg');

/** Kamailio with the presence modules is installed: the fixture's configuration check passes. */
export const HAS_KAMAILIO = spawnSync('kamailio', ['-f', KAMAILIO_CFG, '-c', '-l', 'udp:127.0.0.1:5999'], { encoding: 'utf8', timeout: 10_000 }).status === 0;

/**
 * Kamailio in the foreground (`-DD -E`) on 127.0.0.1:`port` (UDP and TCP) with the fixture's
 * memory-only presence configuration; started and stopped by its own PID, bounded in time.
 */
export class Kamailio {
  private proc: ChildProcess | null = null;
  readonly log: string[] = [];
  /** Date.now() when each handled PUBLISH was logged, in order. */
  readonly publishTimes: number[] = [];

  constructor(readonly port: number, private readonly dir: string, private readonly cfg = KAMAILIO_CFG) {}

  async start(): Promise<void> {
    const args = [
      '-f', this.cfg, '-DD', '-E', '-l', `udp:127.0.0.1:${this.port}`, '-l', `tcp:127.0.0.1:${this.port}`,
      '-A', `KL_ADDR="sip:127.0.0.1:${this.port}"`, '-A', `KL_CTL="unix:${join(this.dir, 'kamailio_ctl')}"`,
    ];
    const proc = spawn('kamailio', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const keep = (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter((l) => l !== '');
      this.log.push(...lines);
      for (const l of lines) if (l.includes('<script>: PUBLISH ')) this.publishTimes.push(Date.now());
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const deadline = Date.now() + 10_000;
    while (!(await tcpOpen(this.port))) {
      if (proc.exitCode !== null) throw new Error(`kamailio exited (${proc.exitCode}):\n${this.log.slice(-10).join('\n')}`);
      if (Date.now() > deadline) throw new Error('kamailio did not listen within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM by PID, then SIGKILL after 5 s; resolves when it has exited. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    if (proc.pid !== undefined) process.kill(proc.pid, 'SIGTERM');
    const killer = setTimeout(() => { if (proc.pid !== undefined && proc.exitCode === null) process.kill(proc.pid, 'SIGKILL'); }, 5000);
    await exited;
    clearTimeout(killer);
  }

  /** Log lines of handled PUBLISHes so far. */
  publishes(): string[] {
    return this.log.filter((l) => l.includes('<script>: PUBLISH '));
  }
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
