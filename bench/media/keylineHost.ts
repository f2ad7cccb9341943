import { performance } from 'node:perf_hooks';
import { MediaClock, systemMediaTimer } from '../../src/media/clock/index.js';
import type { MediaLog } from '../../src/media/MediaEndpoint.js';
import { MediaPortPool } from '../../src/media/MediaPortPool.js';
import type { RtpLeg } from '../../src/media/RtpLeg.js';
import { RtpLegFactory } from '../../src/media/RtpLegFactory.js';
import { LineConference } from '../../src/service/media/LineConference.js';
import { BenchPortLine } from './BenchPortLine.js';
import { commandLines, reply } from './commandLines.js';
import { numberArg } from './numberArg.js';

/**
 * keyline's side of the media benchmark (a program, run as its own process so that its CPU is
 * keyline's alone): `--legs N` RtpLegs on 127.0.0.1 from one port pool, grouped into line
 * conferences as the service groups them (`LineConference`: the line's port, when `--port 1`,
 * and `--per-line K` connected legs), all ticked by one `MediaClock` on the system timer — what
 * `MediaService` does. Each leg decodes what it receives into its jitter buffer; each tick every
 * conference reads each member once and writes each the others' mix, which the leg encodes and
 * sends: one packet per leg per 20 ms.
 *
 * Commands (JSON lines on stdin): it answers `ready` with its legs' RTP ports once bound;
 * `remotes` {ports} points leg i at ports[i] (PCMU, sendrecv) and starts the clock; `mark`
 * answers CPU time (process.cpuUsage, µs), packet counts, the clock's stats (its lateness window
 * is `--window-ticks` long, so a mark at the end of the window covers the window) and RSS.
 * Closing stdin closes the legs and exits.
 */

const legCount = numberArg('--legs', 1);
const perLine = numberArg('--per-line', 2);
const withPort = numberArg('--port', 1) === 1;
const windowTicks = numberArg('--window-ticks', 1000);
const portMin = numberArg('--port-min', 40000);

let warnings = 0;
const log: MediaLog = {
  log(level, component, fields) {
    if (level === 'debug' || level === 'info') return;
    warnings += 1;
    process.stderr.write(`${level} ${component} ${JSON.stringify(fields)}\n`);
  },
};

const timer = systemMediaTimer();
const clock = new MediaClock({ timer, log, statsWindow: windowTicks });
const pool = new MediaPortPool({ min: portMin, max: portMin + 4 * legCount + 199 });
const factory = new RtpLegFactory({ pool, bindAddress: '127.0.0.1', timer, log });

const legs: RtpLeg[] = [];
const lines: LineConference[] = [];
const ports: BenchPortLine[] = [];
let stopClock: (() => void) | null = null;
let stopFeed: (() => void) | null = null;

function tick(): void {
  for (const conf of lines) {
    try {
      conf.tick();
    } catch (err) {
      log.log('error', 'media', { line: conf.line, event: 'mix-failed', error: err instanceof Error ? err.message : String(err) });
    }
  }
}

function totals(): Record<string, number> {
  const t = { packetsIn: 0, packetsOut: 0, concealed: 0, late: 0, lost: 0 };
  for (const leg of legs) {
    const s = leg.stats();
    t.packetsIn += s.packetsIn;
    t.packetsOut += s.packetsOut;
    t.concealed += s.concealed;
    t.late += s.late;
    t.lost += s.lost;
  }
  return t;
}

async function main(): Promise<void> {
  const addresses = [];
  for (let i = 0; i < legCount; i += 1) {
    const leg = factory.create(`leg${i}`);
    legs.push(leg);
    addresses.push(await leg.allocate());
  }
  for (let i = 0; i < legCount; i += perLine) {
    const port = withPort ? new BenchPortLine(350 + 50 * (lines.length % 10)) : null;
    if (port) ports.push(port);
    const conf = new LineConference(`line${lines.length + 1}`, port?.audio ?? null);
    for (let k = i; k < Math.min(legCount, i + perLine); k += 1) {
      const leg = legs[k];
      if (leg) conf.connect(`station${k}`, leg, () => undefined);
    }
    lines.push(conf);
  }
  reply({ type: 'ready', ports: addresses.map((a) => a.port), lines: lines.length, withPort });

  commandLines((command) => {
    if (command.cmd === 'remotes') {
      const remote = command.ports as number[];
      legs.forEach((leg, i) => leg.setRemote({ address: '127.0.0.1', port: remote[i] ?? 0, payloadType: 0, direction: 'sendrecv' }));
      stopFeed = BenchPortLine.feedAll(ports);
      stopClock = clock.subscribe(tick);
      reply({ type: 'running' });
    } else if (command.cmd === 'mark') {
      const cpu = process.cpuUsage();
      reply({
        type: 'mark', wallMs: performance.now(), cpuUs: cpu.user + cpu.system, sysUs: cpu.system, ...totals(),
        clock: clock.stats(), rss: process.memoryUsage().rss, warnings,
      });
    }
  }, async () => {
    stopClock?.();
    stopFeed?.();
    for (const conf of lines) conf.close();
    await Promise.all(legs.map((leg) => leg.close()));
    process.exit(0);
  });
}

void main();
