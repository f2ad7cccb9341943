import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DgramSocket } from 'node-unix-socket';
import { ControlClient } from '../../src/cli/ControlClient.js';
import type { SystemStatus } from '../../src/core/status.js';
import { MonotonicClock } from '../../src/service/MonotonicClock.js';
import { freeUdpPort } from '../blf/freeUdpPort.js';
import { procCpuSeconds, procMemory } from './procStatus.js';
import type { ProcMemory } from './procStatus.js';
import { PTY_BOARD_LINES, PtyBoardSite } from './ptyBoardSite.js';
import { readUnitCommand } from './unitCommand.js';

/**
 * Issue 6, memory: the resident set of the service as systemd runs it — `node <the unit's flags>
 * bin/keyline.js run`, with the unit's `Environment=` — on the real drivers over fakes: a DAA board
 * (lines 1-4) and four V.253 modems (lines 5-8) answering on socat pty pairs (serialport's native
 * binding), an X-keys XK-24 in the board (optional; absent, see PtyBoardSite), 32 stations
 * (reception and 31 SIP phones, so the SIP and media stacks are up). As under systemd, NOTIFY_SOCKET
 * names a datagram socket the benchmark binds and WATCHDOG_USEC is the unit's WatchdogSec, so the
 * notify transport (node-unix-socket) is loaded and the watchdog runs; the run starts at READY=1. Memory from /proc/PID/status,
 * sampled every 250 ms (no forced GC: the process runs as in production); CPU from /proc/PID/stat.
 * The service settles, then every line is seized from reception and released and lines 1-4 are
 * rung, for RSS_CALL_ROUNDS rounds. Each flag set runs RSS_RUNS times (median reported). The
 * anchor in the same run is Node's defaults (no flags). `npm run bench:rss`; figures in
 * bench/RESULTS.md.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const UNIT = join(ROOT, 'systemd', 'keyline.service');
const SETTLE_MS = Number(process.env.RSS_SETTLE_MS ?? 10_000);
const CALL_ROUNDS = Number(process.env.RSS_CALL_ROUNDS ?? 3);
const RUNS = Number(process.env.RSS_RUNS ?? 3);
// RSS_KEYLINE: another build's bin/keyline.js to measure (an A/B of a change); default this checkout's.
const KEYLINE = process.env.RSS_KEYLINE ?? join(ROOT, 'bin', 'keyline.js');

interface FlagSet { name: string; flags: string[]; env: Record<string, string> }

const UNIT_COMMAND = readUnitCommand(UNIT);

function flagSets(): FlagSet[] {
  const unit = UNIT_COMMAND;
  const asUnit = [...unit.nodeFlags, ...Object.entries(unit.env).map(([k, v]) => `${k}=${v}`)].join(' ');
  const sets: FlagSet[] = [{ name: `as the unit: ${asUnit || '(no flags)'}`, flags: unit.nodeFlags, env: unit.env }];
  // RSS_UNIT_ONLY=1: without the anchor (for an A/B of two builds with RSS_KEYLINE).
  if (process.env.RSS_UNIT_ONLY !== '1') sets.push({ name: '(Node defaults)', flags: [], env: {} });
  // RSS_FLAG_SETS="--a --b;--c MALLOC_ARENA_MAX=2": more sets to compare, semicolon-separated;
  // NAME=value words go to the environment, the rest are node flags.
  for (const s of (process.env.RSS_FLAG_SETS ?? '').split(';').map((x) => x.trim()).filter((x) => x !== '')) {
    const words = s.split(/\s+/);
    const isEnv = (w: string) => /^[A-Z_][A-Z0-9_]*=/.test(w);
    const env = Object.fromEntries(words.filter(isEnv).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
    sets.push({ name: s, flags: words.filter((w) => !isEnv(w)), env });
  }
  return sets;
}

interface RunResult {
  started: ProcMemory;
  settled: ProcMemory;
  maxRss: number;
  hwm: number;
  /** CPU seconds per wall second while idle (settling) and during the call rounds. */
  idleCpu: number;
  callCpu: number;
  ready: boolean;
  watchdogs: number;
  offHook: string;
  errors: number;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

class ServiceUnderTest {
  readonly child: ChildProcess;
  private out = '';
  errors = 0;
  maxRss = 0;
  private readonly sampler: ReturnType<typeof setInterval>;
  private readonly notify = new DgramSocket();
  private notified = '';

  constructor(set: FlagSet, site: PtyBoardSite, dir: string) {
    const notifyPath = join(dir, 'notify.sock');
    this.notify.bind(notifyPath);
    this.notify.on('data', (buf: Buffer) => {
      this.notified += buf.toString('utf8');
    });
    const systemd: Record<string, string> = { NOTIFY_SOCKET: notifyPath, ...(UNIT_COMMAND.watchdogUsec === null ? {} : { WATCHDOG_USEC: String(UNIT_COMMAND.watchdogUsec) }) };
    const args = [...set.flags, KEYLINE, 'run', '--config', site.configPath, '--board', site.boardPath,
      '--socket', join(dir, 'control.sock'), '--state-dir', join(dir, 'state'), '--log-level', 'notice'];
    this.child = spawn(process.execPath, args, { env: { ...process.env, ...systemd, ...set.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (d: Buffer) => {
      const text = d.toString();
      // Error lines carry syslog priority 3 (<3>, Logger.ts), on stdout and stderr alike.
      this.errors += (text.match(/^<[0-3]>/gm) ?? []).length;
      this.out = (this.out + text).slice(-20_000);
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    this.sampler = setInterval(() => {
      if (this.child.exitCode === null && this.child.pid !== undefined) this.maxRss = Math.max(this.maxRss, procMemory(this.child.pid).rss);
    }, 250);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the service did not start');
    return this.child.pid;
  }

  /** Waits, bounded, until the service has sent READY=1. */
  async ready(ms: number): Promise<boolean> {
    const end = performance.now() + ms;
    while (!/^READY=1$/m.test(this.notified)) {
      if (this.child.exitCode !== null || performance.now() > end) return false;
      await sleep(50);
    }
    return true;
  }

  /** WATCHDOG=1 datagrams received so far. */
  watchdogs(): number {
    return (this.notified.match(/^WATCHDOG=1$/gm) ?? []).length;
  }

  tail(): string {
    return this.out.slice(-600);
  }

  /** SIGTERM, bounded by the unit's TimeoutStopSec (10 s), then SIGKILL. */
  async stop(): Promise<void> {
    clearInterval(this.sampler);
    try {
      await this.halt();
    } finally {
      this.notify.close();
    }
  }

  private async halt(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

async function runOnce(set: FlagSet): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keyline-rss-'));
  const clock = new MonotonicClock();
  const site = await PtyBoardSite.start({ clock, dir, stations: 32, sipPort: await freeUdpPort() });
  const svc = new ServiceUnderTest(set, site, dir);
  try {
    const ready = await svc.ready(60_000);
    if (!ready) throw new Error(`not ready within 60 s: ${svc.tail()}`);
    const pid = svc.pid;
    const started = procMemory(pid);
    const cpu0 = procCpuSeconds(pid);
    const t0 = performance.now();
    await sleep(SETTLE_MS);
    const settled = procMemory(pid);
    const cpu1 = procCpuSeconds(pid);
    const t1 = performance.now();
    const client = await ControlClient.connect(join(dir, 'control.sock'));
    for (let round = 0; round < CALL_ROUNDS; round++) {
      for (const [i, line] of PTY_BOARD_LINES.entries()) {
        await client.request({ cmd: 'sim.press', station: 'reception', line });
        await sleep(300);
        await client.request({ cmd: 'sim.onhook', station: 'reception' });
        if (i < 4) {
          site.daa.ring(i, true, 0);
          await sleep(200);
          site.daa.ring(i, false, 2000);
        }
        await sleep(100);
      }
      await sleep(2000);
    }
    const cpu2 = procCpuSeconds(pid);
    const t2 = performance.now();
    const status = (await client.request({ cmd: 'status' })) as SystemStatus;
    const offHook = status.lines.filter((l) => l.hook === 'off').map((l) => l.id).join(',');
    client.close();
    const hwm = procMemory(pid).hwm;
    return {
      started, settled, maxRss: svc.maxRss, hwm, ready, watchdogs: svc.watchdogs(), offHook: offHook || 'none', errors: svc.errors,
      idleCpu: (cpu1 - cpu0) / ((t1 - t0) / 1000), callCpu: (cpu2 - cpu1) / ((t2 - t1) / 1000),
    };
  } finally {
    await svc.stop();
    await site.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const sets = flagSets();
  console.log(`keyline RSS as the unit runs it: 8 lines (DAA board + 4 V.253 modems on socat ptys), X-keys XK-24 (optional, absent), 32 stations (31 SIP); settle ${SETTLE_MS / 1000} s, ${CALL_ROUNDS} call rounds, ${RUNS} runs per flag set`);
  if (process.env.RSS_KEYLINE !== undefined) console.log(`keyline: ${KEYLINE}`);
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? '?'} x${cpus().length}, ${mb(totalmem())} MB RAM, load before ${load()}`);
  console.log('');
  console.log('| node flags | run | RSS at ready MB | RSS settled MB (anon + file) | max RSS MB | VmHWM MB | CPU idle % | CPU calls % | WATCHDOG=1 | off-hook at end | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const verdicts: string[] = [];
  for (const set of sets) {
    const results: RunResult[] = [];
    for (let run = 1; run <= RUNS; run++) {
      try {
        const r = await runOnce(set);
        results.push(r);
        console.log(`| ${set.name} | ${run} | ${mb(r.started.rss)} | ${mb(r.settled.rss)} (${mb(r.settled.anon)} + ${mb(r.settled.file)}) | ${mb(r.maxRss)} | ${mb(r.hwm)} | ${(r.idleCpu * 100).toFixed(1)} | ${(r.callCpu * 100).toFixed(1)} | ${r.watchdogs} | ${r.offHook} | ${r.errors} |`);
      } catch (err) {
        console.log(`| ${set.name} | ${run} | failed: ${err instanceof Error ? err.message.replace(/\n/g, ' ').slice(0, 400) : String(err)} | | | | | | | | |`);
      }
    }
    if (results.length === 0) continue;
    const hwm = median(results.map((r) => r.hwm));
    verdicts.push(`${set.name}: median of ${results.length} — settled RSS ${mb(median(results.map((r) => r.settled.rss)))} MB, max RSS ${mb(median(results.map((r) => r.maxRss)))} MB, `
      + `peak VmHWM ${mb(hwm)} MB, goal under 80 MB ${hwm < 80 * 1024 * 1024 ? 'met' : 'NOT met'}; CPU idle ${(median(results.map((r) => r.idleCpu)) * 100).toFixed(1)} %, `
      + `during calls ${(median(results.map((r) => r.callCpu)) * 100).toFixed(1)} %`);
  }
  console.log('');
  for (const v of verdicts) console.log(v);
  console.log(`load after ${load()}`);
}

void main();
