import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '../blf/wallNow.js';
import { GapHistogram } from './GapHistogram.js';
import { JsonLineChild } from './JsonLineChild.js';
import type { ChildMessage } from './JsonLineChild.js';
import type { MediaCase, MediaRow } from './MediaCase.js';
import { procCpuUs, procRss, procWakeups } from './procStat.js';
import { RtpengineSide } from './RtpengineSide.js';

export interface RunOptions {
  /** Where logs and profiles go. */
  dir: string;
  warmMs: number;
  windowMs: number;
  /** Extra node arguments for keyline's process (e.g. `--cpu-prof`). */
  hostNodeArgs?: readonly string[];
  /** Where the relay's ports start (keyline from here, rtpengine 4000 above), so two runs can go side by side. */
  portBase?: number;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const num = (m: ChildMessage, key: string): number => Number(m[key]);

/** A relay under test: where the phones send, and how to read its CPU and memory. */
interface Relay {
  targets: number[];
  mark(): Promise<{ cpuUs: number; sysUs: number; wakeups: number; packetsIn: number | null; packetsOut: number | null; extra: ChildMessage | null; rss: number }>;
  stop(): Promise<void>;
}

/**
 * Runs one case: starts the generators (one process per 32 streams), the relay (keyline's host
 * process, or rtpengine with one call per pair of streams), lets the load settle for `warmMs`,
 * then measures over `windowMs` between two marks. Everything is stopped by PID at the end, also
 * on failure.
 */
export async function runMediaCase(c: MediaCase, o: RunOptions): Promise<MediaRow> {
  const generators: JsonLineChild[] = [];
  let relay: Relay | null = null;
  const maxMs = o.warmMs + o.windowMs + 60_000;
  try {
    const perGen = 32;
    const genPorts: number[] = [];
    const slices: Array<[number, number]> = [];
    for (let first = 0; first < c.legs; first += perGen) {
      const n = Math.min(perGen, c.legs - first);
      const g = new JsonLineChild(`generator${generators.length}`, here('./rtpGenerator.js'), ['--streams', String(n), '--first', String(first)],
        { logFile: join(o.dir, 'generators.log'), maxMs });
      generators.push(g);
      slices.push([first, n]);
    }
    for (const g of generators) genPorts.push(...((await g.next('ready')).ports as number[]));

    relay = c.impl !== 'rtpengine' ? await keylineRelay(c, o, genPorts, maxMs) : await rtpengineRelay(c, o, genPorts, maxMs);
    const targets = relay.targets;
    await Promise.all(generators.map((g, i) => {
      const [first, n] = slices[i] ?? [0, 0];
      return g.request({ cmd: 'go', targets: targets.slice(first, first + n) }, 'going');
    }));
    await sleep(o.warmMs);

    const r = relay;
    const mark = () => Promise.all([r.mark(), ...generators.map((g) => g.request({ cmd: 'mark' }, 'mark'))]);
    const t0 = performance.now();
    const [before] = await mark();
    await sleep(o.windowMs);
    const [after, ...gens] = await mark();
    const seconds = (performance.now() - t0) / 1000;

    const arrival = new GapHistogram();
    let sent = 0;
    let received = 0;
    for (const m of gens) {
      sent += num(m, 'sent');
      received += num(m, 'received');
      arrival.merge(GapHistogram.fromSparse(m.gaps as { bins: Array<[number, number]>; max: number }));
    }
    const cpuUs = after.cpuUs - before.cpuUs;
    const sysUs = after.sysUs - before.sysUs;
    let packets: number;
    let lossPct: number;
    let concealed = 0;
    if (after.packetsIn !== null && before.packetsIn !== null && after.packetsOut !== null && before.packetsOut !== null) {
      const pin = after.packetsIn - before.packetsIn;
      const pout = after.packetsOut - before.packetsOut;
      packets = pin + pout;
      lossPct = (100 * (Math.max(0, sent - pin) + Math.max(0, pout - received))) / (sent + pout);
      concealed = num(after.extra as ChildMessage, 'concealed') - num(before.extra as ChildMessage, 'concealed');
    } else {
      // rtpengine forwards one for one: what came back is what it sent.
      packets = sent + received;
      lossPct = (100 * Math.max(0, sent - received)) / sent;
    }
    const clock = after.extra?.clock as { skipped: number; lateness: { p50: number; p99: number; max: number } } | undefined;
    const beforeClock = before.extra?.clock as { skipped: number } | undefined;
    const a = arrival.summary();
    return {
      label: c.label, impl: c.impl, legs: c.legs, windowS: seconds,
      cpuPct: (100 * cpuUs) / (seconds * 1e6), usPerPacket: cpuUs / packets, pps: packets / seconds,
      systemPct: (100 * sysUs) / cpuUs, wakeupsPerS: (after.wakeups - before.wakeups) / seconds,
      lateness: clock === undefined ? null : { p50: clock.lateness.p50, p99: clock.lateness.p99, max: clock.lateness.max },
      skipped: clock === undefined || beforeClock === undefined ? 0 : clock.skipped - beforeClock.skipped,
      arrival: { p50: a.p50, p99: a.p99, max: a.max },
      lossPct, concealedPerLegS: concealed / c.legs / seconds, rssMiB: after.rss / 2 ** 20,
    };
  } finally {
    await Promise.all(generators.map((g) => g.stop()));
    await relay?.stop();
  }
}

async function keylineRelay(c: MediaCase, o: RunOptions, genPorts: number[], maxMs: number): Promise<Relay> {
  const host = new JsonLineChild(c.impl, here(c.impl === 'floor' ? './dgramFloorHost.js' : './keylineHost.js'), [
    '--legs', String(c.legs), '--per-line', String(c.perLine), '--port', c.port ? '1' : '0',
    '--window-ticks', String(Math.round(o.windowMs / 20)), '--port-min', String(o.portBase ?? 42000),
  ], { logFile: join(o.dir, 'keyline.log'), maxMs, ...(o.hostNodeArgs === undefined ? {} : { nodeArgs: o.hostNodeArgs }) });
  try {
    const ready = await host.next('ready');
    await host.request({ cmd: 'remotes', ports: genPorts }, 'running');
    return {
      targets: ready.ports as number[],
      async mark() {
        const m = await host.request({ cmd: 'mark' }, 'mark');
        return { cpuUs: num(m, 'cpuUs'), sysUs: num(m, 'sysUs'), wakeups: procWakeups(host.pid), packetsIn: num(m, 'packetsIn'), packetsOut: num(m, 'packetsOut'), extra: m, rss: num(m, 'rss') };
      },
      stop: () => host.stop(),
    };
  } catch (err) {
    await host.stop();
    throw err;
  }
}

async function rtpengineRelay(c: MediaCase, o: RunOptions, genPorts: number[], maxMs: number): Promise<Relay> {
  const portMin = (o.portBase ?? 42000) + 4000;
  const side = await RtpengineSide.start({ dir: o.dir, portMin, portMax: portMin + 4 * c.legs + 400, maxMs });
  try {
    const targets: number[] = [];
    for (let i = 0; i + 1 < genPorts.length; i += 2) {
      const { toA, toB } = await side.call(genPorts[i] ?? 0, genPorts[i + 1] ?? 0);
      targets.push(toA, toB);
    }
    return {
      targets,
      mark: () => {
        const cpu = procCpuUs(side.pid);
        return Promise.resolve({ cpuUs: cpu.total, sysUs: cpu.system, wakeups: procWakeups(side.pid), packetsIn: null, packetsOut: null, extra: null, rss: procRss(side.pid) });
      },
      stop: () => side.stop(),
    };
  } catch (err) {
    await side.stop();
    throw err;
  }
}
