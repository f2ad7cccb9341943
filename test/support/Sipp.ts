import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ServiceProcess.js';

export const SIPP_DIR = join(ROOT, 'test', 'sipp');

/** Whether SIPp (Debian `sip-tester`) is installed; the README's test command installs it. */
export const HAS_SIPP = spawnSync('sipp', ['-v'], { encoding: 'utf8' }).status !== null;

/**
 * A peer test that cannot run says why (DEVELOPERS: no skipped test left silent): locally it is
 * skipped with this reason; in CI (`CI` set) a missing peer fails the run instead.
 */
export function peerMissing(name: string, present: boolean): string | null {
  if (present) return null;
  if (process.env.CI) throw new Error(`${name} is not installed: the test command must install it (npm test does with apt-get)`);
  return `${name} is not installed here (apt-get install sip-tester baresip; npm test installs them when run as root)`;
}

export interface SippResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** SIPp's -trace_msg log, for the assertion message when it failed. */
  messages: string;
  errors: string;
}

export interface SippRun {
  done: Promise<SippResult>;
  pid: number;
  stop(): void;
}

/**
 * Runs one SIPp scenario from test/sipp against keyline on 127.0.0.1, bounded in time, in its
 * own working directory for its logs; stopped by its PID.
 */
export function runSipp(o: {
  scenario: string;
  /** keyline's SIP port; omitted for a pure UAS that only waits. */
  target?: number;
  port: number;
  dir: string;
  /** `{{name}}` placeholders in the scenario file, replaced before it runs. */
  vars?: Record<string, string>;
  calls?: number;
  timeoutMs?: number;
  extra?: string[];
}): SippRun {
  let text = readFileSync(join(SIPP_DIR, o.scenario), 'utf8');
  for (const [k, v] of Object.entries(o.vars ?? {})) text = text.replaceAll(`{{${k}}}`, v);
  const missing = /\{\{(\w+)\}\}/.exec(text);
  if (missing) throw new Error(`${o.scenario}: no value for {{${missing[1]}}}`);
  const file = join(o.dir, o.scenario);
  writeFileSync(file, text);
  const args = [
    '-sf', file, '-i', '127.0.0.1', '-p', String(o.port), '-m', String(o.calls ?? 1),
    '-nostdin', '-trace_msg', '-trace_err', '-timeout', `${Math.ceil((o.timeoutMs ?? 20_000) / 1000)}s`, '-timeout_error',
    '-mp', String(o.port + 1000), ...(o.extra ?? []),
  ];
  if (o.target !== undefined) args.push(`127.0.0.1:${o.target}`);
  const child = spawn('sipp', args, { cwd: o.dir, stdio: 'ignore' });
  const killer = setTimeout(() => child.kill('SIGKILL'), (o.timeoutMs ?? 20_000) + 5000);
  const done = new Promise<SippResult>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      const read = (suffix: string) => readdirSync(o.dir).filter((f) => f.startsWith(o.scenario.replace(/\.xml$/, '')) && f.endsWith(suffix))
        .map((f) => readFileSync(join(o.dir, f), 'utf8')).join('\n');
      resolve({ code, signal, messages: read('_messages.log'), errors: read('_errors.log') });
    });
  });
  return { done, pid: child.pid ?? -1, stop: () => { if (child.exitCode === null) child.kill('SIGTERM'); } };
}
