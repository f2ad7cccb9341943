import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hidPanelWatch } from '../../boards/hidPanelWatch.js';
import { advanceSettled } from '../../hal/sim/advanceSettled.js';
import { SimulatedClock } from '../../hal/sim/SimulatedClock.js';
import { formatStatus } from '../../src/cli/formatStatus.js';
import { formatLine } from '../../src/service/Logger.js';
import type { Logger } from '../../src/service/Logger.js';
import { Service } from '../../src/service/Service.js';
import { MockModemBus } from '../fakes/modem/mockTransport.js';
import { FAKE_BOARD_LINES, FakeBoardSite } from '../../bench/rss/fakeBoardSite.js';
import { prng } from '../support/prng.js';

/**
 * Issue 6 acceptance at the service level, on the real drivers over fakes (bench/rss
 * FakeBoardSite): a DAA board (mcu-si3050, FakeMcuBoard) with lines 1-4, four V.253 modems
 * (FakeV253Modem) with lines 5-8, all on serialport's mock binding, and an X-keys XK-24 on a fake
 * HID device, bound to station `reception`. The service and the fakes share a SimulatedClock;
 * serial bytes still travel through the mock binding, so the clock moves in 10 ms steps with a few
 * event-loop turns after each (I/O, not time).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EPOCH = 1_000_000;

interface Rig {
  clock: SimulatedClock;
  site: FakeBoardSite;
  svc: Service;
  logs: string[];
  dir: string;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await run(r.clock, r.svc.stop(), 10_000);
    rmSync(r.dir, { recursive: true, force: true });
  }
  MockModemBus.reset();
});

async function io(turns = 8): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Moves the clock `ms` in 10 ms steps, letting serial I/O run after each. */
async function pump(clock: SimulatedClock, ms: number, each?: () => void): Promise<void> {
  for (let moved = 0; moved < ms; moved += 10) {
    each?.();
    await advanceSettled(clock, Math.min(10, ms - moved));
    await io();
  }
}

/** Awaits `p` while the clock moves (bounded): opens and stops wait on both bytes and timers. */
async function run<T>(clock: SimulatedClock, p: Promise<T>, budgetMs: number): Promise<T> {
  let done = false;
  const watched = p.finally(() => { done = true; });
  for (let moved = 0; !done && moved < budgetMs; moved += 10) await pump(clock, 10);
  return watched;
}

async function start(): Promise<Rig> {
  const clock = new SimulatedClock(EPOCH);
  const dir = mkdtempSync(join(tmpdir(), 'keyline-real-'));
  const site = new FakeBoardSite({ clock, dir, stations: 4, sipPort: null });
  const logs: string[] = [];
  const log: Logger = { log: (level, component, fields) => logs.push(formatLine(level, component, fields)) };
  const svc = await run(clock, Service.start({
    configPath: site.configPath, boardPath: site.boardPath, profilesDir: join(ROOT, 'boards', 'profiles'),
    socketPath: join(dir, 'control.sock'), stateDir: join(dir, 'state'), clock, log, drivers: site.drivers,
    panelWatch: hidPanelWatch(clock, () => site.hid.enumerate()),
  }), 30_000);
  const rig = { clock, site, svc, logs, dir };
  rigs.push(rig);
  return rig;
}

const state = (r: Rig, line: string) => r.svc.status().lines.find((l) => l.id === line);
const hookOf = (r: Rig) => Object.fromEntries(FAKE_BOARD_LINES.map((l) => [l, r.svc.hookOf(l)]));
/** What the far side of each line sees: the DAA channel's or the modem's hook. */
const deviceHooks = (r: Rig) => Object.fromEntries(FAKE_BOARD_LINES.map((l, i) => [l, i < 4 ? (r.site.daa.channels[i]?.off ? 'off' : 'on') : r.site.modem(l).hook]));
const allOn = Object.fromEntries(FAKE_BOARD_LINES.map((l) => [l, 'on']));

/** Rings line1 (DAA channel 0, US cadence) and line5 (modem RING) and answers both from their stations. */
async function twoCalls(r: Rig): Promise<void> {
  const { clock, site, svc } = r;
  let t = 0;
  await pump(clock, 6000, () => {
    if (t % 6000 === 0) {
      site.daa.ring(0, true, 0);
      site.modem('line5').ring();
    }
    if (t % 6000 === 2000) site.daa.ring(0, false, 2000);
    t += 10;
  });
  expect(state(r, 'line1')?.state).toMatch(/^ringing/);
  expect(state(r, 'line5')?.state).toMatch(/^ringing/);
  svc.ks.dispatch({ type: 'station.lineKey', station: 'reception', line: 'line1', t: clock.now() });
  svc.ks.dispatch({ type: 'station.lineKey', station: 'st2', line: 'line5', t: clock.now() });
  await pump(clock, 1000);
  expect(state(r, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: { connected: ['reception'] } });
  expect(state(r, 'line5')).toMatchObject({ state: 'connected', hook: 'off', call: { connected: ['st2'] } });
  expect(site.daa.channels[0]?.off).toBe(true);
  expect(site.modem('line5').hook).toBe('off');
}

describe('real drivers on fakes in the running service (issue 6 acceptance)', () => {
  it('starts with every device ready and every line idle and on-hook', async () => {
    const r = await start();
    expect(r.svc.devices.map((d) => `${d.id}:${d.health()}`)).toEqual([
      'daa:0:ready', 'daa:1:ready', 'daa:2:ready', 'daa:3:ready', 'modem-line5:0:ready', 'modem-line6:0:ready', 'modem-line7:0:ready', 'modem-line8:0:ready', 'desk1:ready',
    ]);
    expect(FAKE_BOARD_LINES.map((l) => state(r, l)?.state)).toEqual(FAKE_BOARD_LINES.map(() => 'idle'));
    expect(hookOf(r)).toEqual(allOn);
  });

  it('random bytes on every serial line for 10 s during two calls: no crash, the calls go on, no port off-hook without a call; hung up, every line idle and on-hook, and still working', async () => {
    const r = await start();
    await twoCalls(r);
    const rnd = prng(0x6b6c);
    const junk = () => Buffer.from(Array.from({ length: 48 }, () => rnd.int(256)));
    const offWithoutCall: string[] = [];
    await pump(r.clock, 10_000, () => {
      r.site.daa.garbage(junk());
      for (const l of FAKE_BOARD_LINES.slice(4)) r.site.modem(l).send(junk());
      for (const l of FAKE_BOARD_LINES) {
        const s = state(r, l);
        if (s?.hook === 'off' && !['connected', 'seizing'].includes(s.state) && !s.state.startsWith('held')) offWithoutCall.push(`${r.clock.now() - EPOCH}:${l}:${s.state}`);
      }
    });
    expect(offWithoutCall).toEqual([]);
    // Noise is dropped by the codecs: both calls are still up on the same ports.
    expect(state(r, 'line1')).toMatchObject({ state: 'connected', hook: 'off', call: { id: 'line1-1' } });
    expect(state(r, 'line5')).toMatchObject({ state: 'connected', hook: 'off', call: { id: 'line5-1' } });
    // Quiet again: whatever the noise did (a lost link, a far-end disconnect read from noise), the devices come back.
    await pump(r.clock, 40_000);
    expect(r.svc.devices.filter((d) => d.health() !== 'ready').map((d) => d.id)).toEqual([]);
    r.svc.ks.dispatch({ type: 'station.onHook', station: 'reception', t: r.clock.now() });
    r.svc.ks.dispatch({ type: 'station.onHook', station: 'st2', t: r.clock.now() });
    await pump(r.clock, 2000);
    expect(FAKE_BOARD_LINES.map((l) => state(r, l)?.state)).toEqual(FAKE_BOARD_LINES.map(() => 'idle'));
    expect(hookOf(r)).toEqual(allOn);
    expect(deviceHooks(r)).toEqual(allOn);
    expect(r.logs.filter((l) => /event=crash|failing actor/.test(l))).toEqual([]);
    // And the lines still work: line1 rung and answered again.
    await twoCalls(r);
  });

  it('the DAA board and a modem unplugged mid-call, the panel replugged: lines out-of-service and on-hook, then back in service; every LED rewritten', async () => {
    const r = await start();
    await twoCalls(r);
    const { site, clock } = r;

    site.daa.unplug();
    site.unplugModem('line5');
    site.panel.unplug();
    await pump(clock, 500);
    for (const l of ['line1', 'line2', 'line3', 'line4', 'line5']) expect(state(r, l), l).toMatchObject({ state: 'out-of-service', call: null });
    for (const l of ['line6', 'line7', 'line8']) expect(state(r, l)?.state, l).toBe('idle');
    expect(hookOf(r)).toEqual(allOn);
    expect(r.svc.status().panels[0]).toMatchObject({ id: 'desk1', state: 'out-of-service' });
    await pump(clock, 10_000);

    const written = site.panel.written.length;
    site.daa.present = true;
    site.panel.replug();
    await pump(clock, 35_000);
    for (const l of ['line1', 'line2', 'line3', 'line4']) expect(state(r, l)?.state, l).toBe('idle');
    expect(r.svc.status().panels[0]).toMatchObject({ id: 'desk1', state: 'ready' });
    expect(site.panel.written.length).toBeGreaterThan(written);
    expect(hookOf(r)).toEqual(allOn);
    // The modem's own port is reopened too once its device answers again.
    expect(state(r, 'line5')?.state).toBe('idle');
    expect(deviceHooks(r)).toMatchObject({ line2: 'on', line3: 'on', line4: 'on', line5: 'on', line6: 'on', line7: 'on', line8: 'on' });
    expect(r.logs.filter((l) => /event=crash/.test(l))).toEqual([]);
  });

  it('line voltage and loop current from the DAA board reach the status, on-hook and off-hook apart; modem lines report none', async () => {
    const r = await start();
    expect(state(r, 'line1')?.levels).toBeUndefined();
    r.site.daa.line(0, -48, 0, true);
    await pump(r.clock, 20);
    const quiet = r.clock.now();
    expect(state(r, 'line1')?.levels).toEqual({ onHook: { t: expect.any(Number), volts: -48, milliamps: 0 } });
    await twoCalls(r);
    r.site.daa.line(0, -7, 24, true);
    await pump(r.clock, 20);
    expect(state(r, 'line1')?.levels).toMatchObject({ onHook: { volts: -48, milliamps: 0 }, offHook: { volts: -7, milliamps: 24 } });
    const levels = state(r, 'line1')?.levels;
    expect(levels?.onHook?.t).toBeLessThanOrEqual(quiet);
    expect(levels?.offHook?.t).toBeGreaterThan(quiet);
    expect(state(r, 'line5')?.levels).toBeUndefined();
    expect(formatStatus(r.svc.status())).toMatch(/LINE LEVELS\nLINE +ON-HOOK +OFF-HOOK\nline1 +-48 V 0 mA, \d+ s ago +-7 V 24 mA, 0 s ago\n/);
  });

  // KLB/1 §3.2 rule 1 after every handshake, not only the first: the board comes back with the
  // same bootId well inside its 3 s keepalive fail-safe, still holding line1 seized. The driver's
  // re-handshake sends CONFIG and HOOK on-hook for every channel on new sequence numbers (the board
  // remembers the old ones) and waits for the board's on-hook reports.
  it('a channel the board kept seized across a short unplug is freed when the board is back', async () => {
    const r = await start();
    await twoCalls(r);
    r.site.daa.unplug();
    await pump(r.clock, 500);
    expect(r.site.daa.channels[0]?.off).toBe(true);
    const before = r.site.daa.received.length;
    r.site.daa.present = true;
    // 2.5 s in all: back and freed before the board's own 3 s fail-safe could act.
    await pump(r.clock, 2000);
    const again = r.site.daa.received.slice(before).filter((x) => x.msg.kind !== 'ping' && x.msg.kind !== 'ack').map((x) => `${x.msg.kind}:${x.ch}`);
    expect(again.slice(0, 9)).toEqual(['hello:255', 'config:0', 'config:1', 'config:2', 'config:3', 'hook:0', 'hook:1', 'hook:2', 'hook:3']);
    expect(r.site.daa.channels.map((c) => c.off)).toEqual([false, false, false, false]);
    expect(state(r, 'line1')?.state).toBe('idle');
    expect(hookOf(r)).toMatchObject({ line1: 'on', line2: 'on', line3: 'on', line4: 'on' });
    // line5's call on its modem is untouched.
    expect(state(r, 'line5')).toMatchObject({ state: 'connected', hook: 'off' });
  });
});
