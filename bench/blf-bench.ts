import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchSite } from './blf/benchSite.js';
import { Child } from './blf/Child.js';
import { freeUdpPort } from './blf/freeUdpPort.js';
import { KAMAILIO_DOMAIN, KamailioSide } from './blf/KamailioSide.js';
import { KeylineSide } from './blf/KeylineSide.js';
import { printReport } from './blf/report.js';
import { BENCH_LINE, KAMAILIO_NOTIFIES_PER_ROUND, KEYLINE_NOTIFIES_PER_ROUND, kamailioRound, keylineRound } from './blf/rounds.js';
import type { RoundResult } from './blf/rounds.js';
import { SippWatchers } from './blf/SippWatchers.js';
import { sleep } from './blf/wallNow.js';

/**
 * BLF fan-out benchmark (a program, not a test): N SIPp watchers of line1 on keyline (the built
 * service, 8 simulated lines, one SIP station per watcher, MD5 digest) and, in the same run, N
 * SIPp watchers of one presentity on Kamailio's presence server (the anchor). Each round rings
 * line1 (keyline) or PUBLISHes an `early` dialog (Kamailio) and times every watcher's NOTIFY;
 * then the line goes idle again. Rounds alternate between the two. Everything on 127.0.0.1;
 * every process is stopped by its PID and bounded in time.
 * Usage: node dist/bench/blf-bench.js [--quick] [--subscribers N] [--rounds R] [--keyline-root DIR] [--trace] [--keep]
 * (bench/run-blf-bench.sh installs Kamailio and SIPp if missing, then runs this.) `--keyline-root`
 * runs another keyline build (a directory with bin/, dist/, boards/, package.json), to measure a
 * change against the same anchor. `--trace` keeps every SIP message (SIPp -trace_msg, keyline at
 * debug level) in the work directory, for diagnosis: the numbers are then not the benchmark's.
 * The work directory (logs of every process, SIPp's counters) is removed after a valid run unless
 * `--keep` (or `--trace`) is given.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIO = join(ROOT, 'bench', 'sipp', 'blf-watcher.xml');
const KAMAILIO_CFG = join(ROOT, 'bench', 'kamailio', 'kamailio-blf-bench.cfg');
const KEYLINE_DOMAIN = 'bench.keyline.invalid';
const LINES = 8;
const WARMUP = 1;
/** keyline answers at most 20 digest challenges a second per source address (AuthLimiter): stay under. */
const KEYLINE_SUBSCRIBE_RATE = 16;
const KAMAILIO_SUBSCRIBE_RATE = 100;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a whole number >= 1`);
  return v;
}

const quick = process.argv.includes('--quick');
const trace = process.argv.includes('--trace');
const keep = trace || process.argv.includes('--keep');
const rootArg = process.argv.indexOf('--keyline-root');
const KEYLINE_ROOT = rootArg >= 0 ? (process.argv[rootArg + 1] ?? ROOT) : ROOT;
const N = option('--subscribers', quick ? 100 : 500);
const ROUNDS = option('--rounds', quick ? 3 : 10);

/** What is missing to run, with the command that installs it; [] when all is there. */
function missingTools(): string[] {
  const out: string[] = [];
  if (spawnSync('sipp', ['-v']).status === null) out.push('sipp (apt-get install -y sip-tester)');
  if (spawnSync('kamailio', ['-v']).status === null) out.push('kamailio (apt-get install -y kamailio kamailio-presence-modules)');
  else if (spawnSync('kamailio', ['-c', '-f', KAMAILIO_CFG], { encoding: 'utf8' }).status !== 0) {
    out.push('Kamailio presence modules (apt-get install -y kamailio-presence-modules): `kamailio -c -f bench/kamailio/kamailio-blf-bench.cfg` fails');
  }
  return out;
}

async function main(): Promise<number> {
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(`blf-bench: missing ${missing.join('; ')}.\nAs root: bash bench/run-blf-bench.sh installs them and runs this benchmark.`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'keyline-blf-bench-'));
  const loadBefore = loadavg();
  // Setup: paced SUBSCRIBEs; each round a few seconds (keyline notices ringing stopped after 3 s).
  const budgetMs = (N / KEYLINE_SUBSCRIBE_RATE) * 1000 + (WARMUP + ROUNDS) * 30_000 + 120_000;
  console.error(`blf-bench: work directory ${dir}; ${N} watchers each side, ${WARMUP}+${ROUNDS} rounds`);

  const kyPort = await freeUdpPort();
  const site = writeBenchSite(dir, { lines: LINES, stations: N, sipPort: kyPort, domain: KEYLINE_DOMAIN });
  let ky: KeylineSide | null = null;
  let km: KamailioSide | null = null;
  const sipps: SippWatchers[] = [];
  let valid = false;
  try {
    ky = await KeylineSide.start({
      root: KEYLINE_ROOT, dir, config: site.config, board: site.board, sipPort: kyPort, maxMs: budgetMs, logLevel: trace ? 'debug' : 'info',
    });
    km = await KamailioSide.start({ dir, cfg: KAMAILIO_CFG, maxMs: budgetMs });
    const common = { dir, scenario: SCENARIO, users: site.users, target: BENCH_LINE, watchers: N, maxMs: budgetMs, trace };
    const notifies = (perRound: number) => 1 + perRound * (WARMUP + ROUNDS);
    const wKy = await SippWatchers.start({
      ...common, name: 'watch-keyline', server: { host: '127.0.0.1', port: kyPort }, domain: KEYLINE_DOMAIN,
      rate: KEYLINE_SUBSCRIBE_RATE, notifies: notifies(KEYLINE_NOTIFIES_PER_ROUND),
    });
    sipps.push(wKy);
    const wKm = await SippWatchers.start({
      ...common, name: 'watch-kamailio', server: { host: '127.0.0.1', port: km.port }, domain: KAMAILIO_DOMAIN,
      rate: KAMAILIO_SUBSCRIBE_RATE, notifies: notifies(KAMAILIO_NOTIFIES_PER_ROUND),
    });
    sipps.push(wKm);
    const subscribed = (w: SippWatchers) => w.log.until(0, N, (xs) => new Set(xs.map((s) => s.call)).size, (N / w.o.rate) * 1000 + 30_000);
    const [okKy, okKm] = await Promise.all([subscribed(wKy), subscribed(wKm)]);
    if (!okKy || !okKm) throw new Error(`not every watcher got its first NOTIFY (keyline ${okKy}, kamailio ${okKm}); see ${dir}`);
    console.error('blf-bench: every watcher subscribed and notified; rounds start');
    await sleep(1000);

    const kyRounds: RoundResult[] = [];
    const kmRounds: RoundResult[] = [];
    for (let r = 0; r < WARMUP + ROUNDS; r++) {
      // Alternate which goes first, so that machine noise falls on both alike.
      let k: RoundResult;
      let m: RoundResult;
      if (r % 2 === 0) {
        k = await keylineRound(ky, wKy);
        m = await kamailioRound(km, wKm, r);
      } else {
        m = await kamailioRound(km, wKm, r);
        k = await keylineRound(ky, wKy);
      }
      if (r >= WARMUP) {
        kyRounds.push(k);
        kmRounds.push(m);
      }
      console.error(`blf-bench: round ${r + 1}/${WARMUP + ROUNDS}${r < WARMUP ? ' (warm-up)' : ''} done`);
    }
    const [endKy, endKm] = await Promise.all([wKy.finish(30_000), wKm.finish(30_000)]);
    valid = printReport({
      n: N, lines: LINES, rounds: ROUNDS, keyline: kyRounds, kamailio: kmRounds,
      keylineRoot: KEYLINE_ROOT === ROOT ? null : KEYLINE_ROOT,
      loadBefore, loadAfter: loadavg(),
      keylineNotifyTrouble: ky.notifyTrouble(),
      sipp: { keyline: endKy, kamailio: endKm },
      machine: { cpu: cpus()[0]?.model ?? 'cpu?', cores: cpus().length, gib: totalmem() / 2 ** 30 },
      kamailioVersion: spawnSync('kamailio', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]?.replace(/^version:\s*/, '').trim() ?? '?',
    });
  } finally {
    for (const s of sipps) await s.child.stop();
    await ky?.stop();
    await km?.stop();
  }
  if (valid && !keep) rmSync(dir, { recursive: true, force: true });
  else console.error(`blf-bench: logs kept in ${dir}`);
  return valid ? 0 : 1;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`blf-bench: ${sig}: stopping keyline, Kamailio and SIPp`);
    void Child.stopAll().then(() => process.exit(130));
  });
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`blf-bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
