import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MonotonicClock } from '../../src/service/MonotonicClock.js';
import { Service } from '../../src/service/Service.js';
import type { Logger } from '../../src/service/Logger.js';
import { freeUdpPort } from '../blf/freeUdpPort.js';
import { FakeBoardSite } from './fakeBoardSite.js';

/**
 * Issue 6, memory: the resident set of the running service with the real-board drivers loaded on
 * fakes (DAA board + four V.253 modems = 8 lines, an X-keys XK-24), 32 stations (reception on the
 * panel and 31 SIP phones, so the SIP and media stacks are up), in this process. The anchor in the
 * same run is the same process before the service starts (Node, the modules loaded, nothing
 * running). One child process per set of Node flags: the default; a 1 MB young-generation
 * semi-space, which decides most of the figure; and that with V8's lite mode (no optimising
 * compiler: less memory, more CPU, not measured here). Prints a table. `npm run bench:rss`; figures in
 * bench/RESULTS.md.
 */
const FLAG_SETS: string[][] = [[], ['--max-semi-space-size=1'], ['--max-semi-space-size=1', '--lite-mode']];
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SETTLE_MS = Number(process.env.RSS_SETTLE_MS ?? 10_000);
const CALL_ROUNDS = Number(process.env.RSS_CALL_ROUNDS ?? 3);

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
function vm(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}
function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Row { stage: string; rss: number; heapUsed: number; external: number; hwm: number }
const rows: Row[] = [];
function sample(stage: string): void {
  gc();
  const m = process.memoryUsage();
  rows.push({ stage, rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers, hwm: vm('VmHWM') });
}

async function child(): Promise<void> {
  sample('anchor: node + modules, no service');
  const dir = mkdtempSync(join(tmpdir(), 'keyline-rss-'));
  const clock = new MonotonicClock();
  const warnings: string[] = [];
  const log: Logger = { log: (level, component, fields) => { if (level === 'error') warnings.push(`${component} ${JSON.stringify(fields)}`); } };
  const site = new FakeBoardSite({ clock, dir, stations: 32, sipPort: await freeUdpPort() });
  const svc = await Service.start({
    configPath: site.configPath, boardPath: site.boardPath, profilesDir: join(ROOT, 'boards', 'profiles'),
    socketPath: join(dir, 'control.sock'), stateDir: join(dir, 'state'), clock, log, drivers: site.drivers,
    rtpPorts: { min: 40000, max: 40999 },
  });
  const ready = svc.devices.filter((d) => d.health() === 'ready').length;
  sample('service started');
  await sleep(SETTLE_MS);
  sample(`settled ${SETTLE_MS / 1000} s`);

  // Calls: each line seized from the panel's station and released; lines 1-4 rung by the DAA board.
  for (let round = 0; round < CALL_ROUNDS; round++) {
    for (const [i, line] of ['line1', 'line2', 'line3', 'line4', 'line5', 'line6', 'line7', 'line8'].entries()) {
      svc.ks.dispatch({ type: 'station.lineKey', station: 'reception', line, t: clock.now() });
      await sleep(300);
      svc.ks.dispatch({ type: 'station.onHook', station: 'reception', t: clock.now() });
      if (i < 4) {
        site.daa.ring(i, true, 0);
        await sleep(200);
        site.daa.ring(i, false, 2000);
      }
      await sleep(100);
    }
    await sleep(2000);
  }
  sample(`after ${CALL_ROUNDS} rounds of 8 seizures and 4 rings`);
  const offHook = linesOffHook(svc);
  await stopBounded(svc);
  rmSync(dir, { recursive: true, force: true });

  const summary: ChildSummary = {
    rows, hwm: vm('VmHWM'), ready: `${ready}/${svc.devices.length}`, offHook: offHook || 'none', errors: warnings.length,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(0);
}

interface ChildSummary { rows: Row[]; hwm: number; ready: string; offHook: string; errors: number }

function parent(): void {
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`keyline RSS, 8 lines (DAA board + 4 V.253 modems on fakes), X-keys XK-24 (fake HID), 32 stations (31 SIP); settle ${SETTLE_MS / 1000} s, ${CALL_ROUNDS} call rounds`);
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? '?'} x${cpus().length}, ${mb(totalmem())} MB RAM, load before ${load()}`);
  console.log('');
  console.log('| node flags | stage | RSS MB | heap used MB | external + buffers MB | VmHWM MB |');
  console.log('|---|---|---|---|---|---|');
  const verdicts: string[] = [];
  for (const flags of FLAG_SETS) {
    const r = spawnSync(process.execPath, ['--expose-gc', ...flags, fileURLToPath(import.meta.url)], { encoding: 'utf8', env: { ...process.env, RSS_CHILD: '1' }, timeout: 120_000 });
    const line = r.stdout.trim().split('\n').at(-1) ?? '';
    let sum: ChildSummary;
    try {
      sum = JSON.parse(line) as ChildSummary;
    } catch {
      console.log(`| ${flags.join(' ') || '(default)'} | failed: exit ${String(r.status)} ${r.stderr.slice(0, 300)} | | | | |`);
      continue;
    }
    const name = flags.join(' ') || '(default)';
    for (const row of sum.rows) console.log(`| ${name} | ${row.stage} | ${mb(row.rss)} | ${mb(row.heapUsed)} | ${mb(row.external)} | ${mb(row.hwm)} |`);
    const anchor = sum.rows[0]?.rss ?? 0;
    const running = Math.max(...sum.rows.slice(1).map((x) => x.rss));
    verdicts.push(`${name}: running RSS ${mb(running)} MB (anchor ${mb(anchor)}, +${mb(running - anchor)}), peak VmHWM ${mb(sum.hwm)} MB, `
      + `goal under 80 MB ${sum.hwm < 80 * 1024 * 1024 ? 'met' : 'NOT met'}; devices ready ${sum.ready}, off-hook at end ${sum.offHook}, errors ${sum.errors}`);
  }
  console.log('');
  for (const v of verdicts) console.log(v);
  console.log(`load after ${load()}`);
}

function linesOffHook(svc: Service): string {
  return svc.status().lines.filter((l) => l.hook === 'off').map((l) => l.id).join(',');
}

async function stopBounded(svc: Service): Promise<void> {
  await Promise.race([svc.stop(), sleep(10_000)]);
}

if (process.env.RSS_CHILD === '1') void child();
else parent();
