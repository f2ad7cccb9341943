import { execFile } from 'node:child_process';
import type { NotifyTransport } from './NotifyTransport.js';

/** Runs a program with arguments; resolves when it exits 0 (the shape of `execFile`). */
export type RunFile = (file: string, args: string[], env: NodeJS.ProcessEnv) => Promise<void>;

const TIMEOUT_MS = 2000;

const runFile: RunFile = (file, args, env) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: TIMEOUT_MS, env }, (err) => (err ? reject(err) : resolve()));
  });

/**
 * The fallback: `systemd-notify VAR=VALUE …`. The message comes from a child process, so systemd
 * accepts it only with `NotifyAccess=all` (hardware.md §9.2); it also handles abstract sockets.
 */
export class SystemdNotifyCommand implements NotifyTransport {
  readonly name = 'systemd-notify';

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly run: RunFile = runFile,
  ) {}

  send(message: string): Promise<void> {
    const assignments = message.split('\n').filter((l) => l.length > 0);
    return this.run('systemd-notify', assignments, this.env);
  }

  close(): void {}
}
