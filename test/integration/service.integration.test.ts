import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../hal/contracts/index.js';
import type { LedColor } from '../../hal/contracts/index.js';
import { settle } from '../../hal/sim/advanceSettled.js';
import { SimFxoPort } from '../../hal/sim/SimFxoPort.js';
import { defaultDrivers, withDrivers } from '../../boards/drivers.js';
import type { FxoDriver } from '../../boards/drivers.js';
import type { CallLogEntry, SystemStatus } from '../../src/control/messages.js';
import { DEMO_CONFIG, EPOCH, ServiceHarness } from '../support/ServiceHarness.js';
import { harnessPerTest } from '../support/harnessPerTest.js';

/**
 * The whole service in-process (Service.start) on a SimulatedClock: the demo site
 * (examples/demo.yaml) on the simulated board (boards/sim-4line.json, profile `us`), driven from
 * the simulated FXO lines and the simulated key panel desk1 (bound to station `reception`), and
 * through the real control socket. Times are ms after the blink epoch E (the clock's start).
 *
 * Numbers that follow from the board and the simulators: a ring is validated 200 ms after its first
 * burst began (us `validateMs`); caller ID arrives 3.22 s after it (after ring 1); the simulated port
 * acknowledges a hook command 20 ms later and gives dial tone 300 ms after going off-hook.
 */
const start = harnessPerTest();

/** `fast` (250 on, 250 off) in `color`, phase-locked to E: every edge of [from, to] ms. */
function fastEdges(from: number, to: number, color: LedColor): Array<{ t: number; color: LedColor | null }> {
  const out: Array<{ t: number; color: LedColor | null }> = [];
  for (let t = Math.ceil(from / 250) * 250; t <= to; t += 250) out.push({ t, color: t % 500 === 0 ? color : null });
  return out;
}

const after = (edges: Array<{ t: number; color: LedColor | null }>, from: number) => edges.filter((e) => e.t > from);

/** The status without its timestamp, to compare two snapshots. */
const frozen = (s: SystemStatus) => JSON.stringify({ ...s, t: 0 });

/** Rings line1 at 1130 ms, lets reception answer with key 1 at 5800 ms (the LED is dark then), returns at 5900 ms. */
async function line1Answered(h: ServiceHarness): Promise<void> {
  await h.advanceTo(1130);
  h.line('line1').ring({ callerId: { number: '5551234', name: 'DOE JOHN' } });
  await h.advanceTo(5800);
  h.press(1);
  await h.advanceTo(5900);
  expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { connected: ['reception'] } });
}

describe('keyline service in-process on a simulated clock (demo site)', () => {
  it('S1 S2 a ring blinks key 1 green fast in phase with E, a second line joins in step, and key 1 answers: steady green within 100 ms, port off-hook', async () => {
    const h = await start();
    const panel = h.panel();
    // lamps.md §3.3: every LED written (dark) at start.
    expect(Object.values(panel.snapshot()).every((c) => c === null)).toBe(true);
    expect(new Set(panel.timeline().filter((e) => e.t === EPOCH).map((e) => e.key)).size).toBe(24);

    await h.advanceTo(1130);
    h.line('line1').ring({ callerId: { number: '5551234', name: 'DOE JOHN' } });
    await h.advanceTo(2900);
    expect(h.lineStatus('line1')).toMatchObject({ state: 'ringing.active', call: { id: 'line1-1', t0: EPOCH + 1330 } });
    expect(h.service.ks.lamp('reception', 'line1')).toBe('ringing-here');
    // Ringing since 1330 (an off phase of the 500 ms period): the first edge is E + 1500, on the grid.
    expect(after(h.edges(1), 0)).toEqual(fastEdges(1500, 2900, 'green'));

    h.line('line2').ring({ callerId: { number: '5550000', name: 'ROE JANE' } });
    await h.advanceTo(5750);
    expect(h.lineStatus('line2')).toMatchObject({ state: 'ringing.active', call: { id: 'line2-1', t0: EPOCH + 3100 } });
    expect(after(h.edges(1), 0)).toEqual(fastEdges(1500, 5750, 'green'));
    // Line 2 starts ringing at 3100, mid on-phase: it lights at once and goes dark with key 1 at 3250
    // (the global phase, never a restart), then every edge of the two keys coincides.
    expect(after(h.edges(2), 0)).toEqual([{ t: 3100, color: 'green' }, ...fastEdges(3250, 5750, 'green')]);
    // One render per panel per engine tick, both keys in it.
    const ticks = panel.frames().filter((f) => f.t - EPOCH >= 3250);
    expect(ticks.length).toBe(fastEdges(3250, 5750, 'green').length);
    for (const f of ticks) expect(f.changes.map((c) => c.key).sort()).toEqual([1, 2]);
    // Line 1's caller ID came after ring 1 (at 4350) and its alert carries it; line 2's alert still waits for
    // its caller ID (callerIdWait 4 s) though its lamp rings. The port never left on-hook (the caller hears ringback).
    expect(h.lineStatus('line1')?.call?.callerId).toEqual({ number: '5551234', name: 'DOE JOHN' });
    expect(h.service.ks.activeAlertsOf('reception').map((a) => [a.line, a.callerId])).toEqual([['line1', { number: '5551234', name: 'DOE JOHN' }]]);
    expect(h.line('line1').hook).toBe('on');
    expect(h.logs.some((l) => /fxo line=line1 event=hook state=off/.test(l))).toBe(false);

    // 5800: key 1 is dark (off phase); reception presses it.
    await h.advanceTo(5800);
    expect(panel.snapshot()[1]).toBeNull();
    h.press(1);
    await h.advance(100);
    const lit = after(h.edges(1), 5750);
    expect(lit).toHaveLength(1);
    expect(lit[0]?.color).toBe('green');
    expect((lit[0]?.t ?? Infinity) - 5800).toBeLessThanOrEqual(100);
    expect(h.line('line1').hook).toBe('off');
    expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { answeredAt: EPOCH + 5800, connected: ['reception'] } });
    // The socket's status shows the hook the port reports.
    const status = (await h.request({ cmd: 'status' })) as SystemStatus;
    expect(status.lines.map((l) => [l.id, l.state, l.hook])).toEqual([
      ['line1', 'connected', 'off'], ['line2', 'ringing.active', 'on'], ['line3', 'idle', 'on'], ['line4', 'idle', 'on'],
    ]);

    // Steady: no further change of key 1 while line 2 keeps blinking (reception is busy, its lamp still ringing-here).
    await h.advanceTo(8000);
    expect(after(h.edges(1), 5800)).toEqual([]);
    expect(panel.snapshot()[1]).toBe('green');
    expect(after(h.edges(2), 5750)).toEqual(fastEdges(6000, 8000, 'green'));
    expect(h.service.ks.lamp('reception', 'line2')).toBe('ringing-here');
    expect(h.line('line2').hook).toBe('on');
  });

  it('S37 the panel hold key pressed twice within 3 s holds exclusively: key 1 flutters green 100/100, office is refused private', async () => {
    const h = await start();
    await line1Answered(h);
    await h.advanceTo(7000);
    h.press(24);
    await h.advanceTo(7500);
    expect(h.service.ks.lamp('reception', 'line1')).toBe('held-mine');
    // held-mine: green wink, 400 on / 100 off in phase with E (7000 is on, 7400 off, 7500 on).
    expect(after(h.edges(1), 7000)).toEqual([{ t: 7400, color: null }, { t: 7500, color: 'green' }]);

    h.press(24); // 1.5 s after the first press (< 3 s): exclusive
    await h.advanceTo(9000);
    expect(h.service.ks.lamp('reception', 'line1')).toBe('held-private-mine');
    expect(h.service.ks.lamp('office', 'line1')).toBe('held-private-other');
    expect(h.lineStatus('line1')).toMatchObject({ state: 'held.waiting', call: { connected: [], holders: [{ station: 'reception', private: true }] } });
    expect(h.line('line1').hook).toBe('off');
    // flutter: on at every 200 ms of E, off 100 ms later.
    const flutter = after(h.edges(1), 7500);
    expect(flutter.slice(0, 2)).toEqual([{ t: 7600, color: 'green' }, { t: 7700, color: null }]);
    for (const e of flutter) expect(e.color).toBe(e.t % 200 === 0 ? 'green' : null);
    expect(flutter.map((e) => e.t)).toEqual(Array.from({ length: 15 }, (_, i) => 7600 + i * 100));

    const refused = await h.request({ cmd: 'sim.press', station: 'office', line: 'line1' });
    expect(refused).toBe('office: refused private');
    expect(h.service.ks.status().stations.find((s) => s.id === 'office')?.lastRefusal).toMatchObject({ reason: 'private', line: 'line1' });
    expect(h.lineStatus('line1')).toMatchObject({ state: 'held.waiting', call: { holders: [{ station: 'reception', private: true }] } });
    expect(h.line('line1').hook).toBe('off');

    // Only the holder resumes (S22): its key brings the call back, steady green.
    await h.advanceTo(9050);
    h.press(1);
    await h.advance(100);
    expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { connected: ['reception'] } });
    await h.advanceTo(10_000);
    expect(after(h.edges(1), 9150)).toEqual([]);
    expect(h.panel().snapshot()[1]).toBe('green');
  });

  it('S43 an invalid reload is rejected naming file:line:col and key and changes nothing; S42 a valid one applies without touching the call', async () => {
    const dir = ServiceHarness.tempDir();
    const file = join(dir, 'site.yaml');
    const demo = readFileSync(DEMO_CONFIG, 'utf8');
    writeFileSync(file, demo);
    const h = await start({ configPath: file, dir });
    await line1Answered(h);
    await h.advanceTo(7000);

    const before = frozen(h.service.ks.status());
    const leds = h.panel().timeline().length;
    const hookLines = () => h.logs.filter((l) => /fxo line=\S+ event=hook/.test(l)).length;
    const hooks = hookLines();

    const bad = demo.replace('    ringTimeout: 40\n', '    ringTimout: 40\n');
    expect(bad).not.toBe(demo);
    writeFileSync(file, bad);
    const lineNo = bad.split('\n').findIndex((l) => l.includes('ringTimout')) + 1;
    const col = (bad.split('\n')[lineNo - 1] ?? '').indexOf('ringTimout') + 1;
    const rejected = await h.service.reload();
    expect(rejected.applied).toBe(false);
    expect(rejected.changes).toEqual([]);
    expect(rejected.errors).toHaveLength(1);
    expect(rejected.errors[0]).toContain(`${file}:${lineNo}:${col}: lines[0].ringTimout: unknown key "ringTimout"`);
    expect(h.logs.some((l) => l.startsWith('<3>config event=reload-rejected'))).toBe(true);
    // Nothing changed: the same status, no LED written, no hook command, the port still off-hook.
    expect(frozen(h.service.ks.status())).toBe(before);
    expect(h.panel().timeline().length).toBe(leds);
    expect(hookLines()).toBe(hooks);
    expect(h.line('line1').hook).toBe('off');
    await h.advanceTo(8000);
    expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { id: 'line1-1', connected: ['reception'] } });

    // A valid edit: a station added.
    writeFileSync(file, `${demo.trimEnd()}\n  - { id: lobby, kind: sim, lines: [line1, line2] }\n`);
    const applied = await h.service.reload();
    expect(applied).toMatchObject({ applied: true, errors: [], pending: [] });
    expect(applied.changes).toContain('station lobby: added');
    expect(h.service.ks.lamp('lobby', 'line1')).toBe('in-use-other');
    expect(h.service.ks.lamp('lobby', 'line2')).toBe('idle');
    expect(h.service.ks.lamp('reception', 'line1')).toBe('in-use-mine');
    expect(h.panel().timeline().length).toBe(leds);
    expect(hookLines()).toBe(hooks);
    await h.advanceTo(20_000);
    expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { id: 'line1-1', connected: ['reception'] } });
    expect(h.line('line1').hook).toBe('off');
    expect(hookLines()).toBe(hooks);
  });

  it('§11 reloading the unchanged demo file applies with no change; a panel binding the board lacks is rejected', async () => {
    const dir = ServiceHarness.tempDir();
    const file = join(dir, 'site.yaml');
    const demo = readFileSync(DEMO_CONFIG, 'utf8');
    writeFileSync(file, demo);
    const h = await start({ configPath: file, dir });
    await h.advanceTo(1000);

    expect(await h.service.reload()).toEqual({ applied: true, changes: [], pending: [], errors: [] });
    expect(await h.request({ cmd: 'reload' })).toEqual({ applied: true, changes: [], pending: [], errors: [] });

    const bad = demo.replace('    panel: desk1\n', '    panel: desk9\n');
    expect(bad).not.toBe(demo);
    writeFileSync(file, bad);
    const lineNo = bad.split('\n').findIndex((l) => l.includes('desk9')) + 1;
    const rejected = await h.service.reload();
    expect(rejected.applied).toBe(false);
    expect(rejected.errors).toEqual([expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${lineNo}:\\d+: stations\\[0\\]\\.panel: panel "desk9" is not on this board; its key panels are: desk1`))]);
  });

  it('S27 far-end hangup (polarity reversal) releases the line: idle, port on-hook, key 1 dark, call logged completed with ordered wall-clock times', async () => {
    const h = await start();
    await line1Answered(h);
    await h.advanceTo(8000);
    h.line('line1').hangupFarEnd('polarity');
    await h.advance(50);
    expect(h.lineStatus('line1')).toMatchObject({ state: 'idle', call: null });
    expect(h.line('line1').hook).toBe('on');
    expect(h.service.ks.lamp('reception', 'line1')).toBe('idle');
    expect(h.panel().snapshot()[1]).toBeNull();
    expect(h.edges(1).at(-1)).toEqual({ t: 8000, color: null });
    expect(h.logs.some((l) => /fxo line=line1 event=far-end-disconnect by=polarity/.test(l))).toBe(true);

    const calls = (await h.request({ cmd: 'calls' })) as CallLogEntry[];
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call).toMatchObject({
      id: 'line1-1', line: 'line1', direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' },
      answeredBy: 'reception', stations: ['reception'], outcome: 'completed',
    });
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    expect([call?.start, call?.answer, call?.end].every((s) => typeof s === 'string' && iso.test(s))).toBe(true);
    const [began, answered, ended] = [call?.start, call?.answer, call?.end].map((s) => Date.parse(s ?? ''));
    expect(began).toBeLessThanOrEqual(answered ?? NaN);
    expect(answered).toBeLessThanOrEqual(ended ?? NaN);
    // The wall-clock times keep the monotonic intervals: ringing 1330 → 5800, talking 5800 → 8000.
    expect(Math.abs((answered ?? 0) - (began ?? 0) - 4470)).toBeLessThan(50);
    expect(Math.abs((ended ?? 0) - (answered ?? 0) - 2200)).toBeLessThan(50);
  });

  it('§12 SIGTERM: stop() puts every port on-hook, turns every LED off, closes the calls interrupted and removes the socket', async () => {
    const h = await start();
    await line1Answered(h);
    h.line('line2').ring({ callerId: { number: '5550000' } });
    await h.advanceTo(7020);
    expect(h.lineStatus('line2')?.state).toBe('ringing.active');
    expect(existsSync(h.socketPath)).toBe(true);
    expect(h.line('line1').hook).toBe('off');
    expect(h.panel().snapshot()[1]).toBe('green');

    await h.stop();
    for (const [id, port] of h.service.sim.lines) expect([id, port.hook]).toEqual([id, 'on']);
    const last = new Map<number, LedColor | null>();
    for (const e of h.panel().timeline()) last.set(e.key, e.color);
    expect(last.size).toBe(24);
    expect([...last.values()].every((c) => c === null)).toBe(true);
    expect(existsSync(h.socketPath)).toBe(false);
    expect(h.clock.pendingCount).toBe(0);
    expect(h.logs.at(-1)).toMatch(/^<5>service event=stopped ports=line1:on,line2:on,line3:on,line4:on$/);
    const log = readFileSync(join(h.stateDir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; id: string; outcome?: string });
    expect(log.filter((r) => r.kind === 'end').map((r) => [r.id, r.outcome]).sort()).toEqual([['line1-1', 'interrupted'], ['line2-1', 'interrupted']]);
  });

  it('§12 stop() finishes cleanly when a port\'s close() rejects (device gone at shutdown): logged, no unhandled rejection', async () => {
    /** A simulated port whose close() puts the line on-hook, then fails as a lost serial device's may. */
    class CloseFailsPort extends SimFxoPort {
      override async close(): Promise<void> {
        await super.close();
        throw new DeviceError('DISCONNECTED', `${this.id}: device gone while closing`, this.id);
      }
    }
    const closeFails: FxoDriver = (spec, ctx) => new Map(Object.entries(spec.channels).map(([line, ch]) => [line, new CloseFailsPort({ line, clock: ctx.clock, profile: ctx.profile, id: `${spec.id}:${ch}` })]));
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const h = await start({ drivers: withDrivers(defaultDrivers(), { fxo: { 'sim-fxo': closeFails } }) });
      await line1Answered(h);
      await h.stop();
      await settle();
      await settle();
      // src/main.ts turns an unhandled rejection into a crash: exit 70 instead of SIGTERM's 0 (sla.md §12).
      expect(rejections).toEqual([]);
      for (const port of h.service.sim.lines.values()) expect(port.hook).toBe('on');
      expect(h.logs.filter((l) => /^<4>fxo .*event=close-failed/.test(l))).toHaveLength(4);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('S13 S16 seizure through the real port path: key 2 seizes and connects on dial tone; line 3 without dial tone fails after seizeTimeout', async () => {
    const h = await start();
    await h.advanceTo(1500); // start-up's on-hook guard (1 s) is over
    h.press(2);
    expect(h.lineStatus('line2')).toMatchObject({ state: 'seizing', call: { id: 'line2-1', direction: 'out', seizer: 'reception' } });
    expect(h.edges(2).at(-1)).toEqual({ t: 1500, color: 'green' });
    await h.advanceTo(1520);
    expect(h.line('line2').hook).toBe('off');
    await h.advanceTo(1819);
    expect(h.lineStatus('line2')?.state).toBe('seizing');
    await h.advanceTo(1820); // dial tone 300 ms after the port went off-hook
    expect(h.lineStatus('line2')).toMatchObject({ state: 'connected', call: { connected: ['reception'] } });
    expect(h.service.ks.lamp('reception', 'line2')).toBe('in-use-mine');
    expect(after(h.edges(2), 1500)).toEqual([]);

    // Release key: reception hangs up, line 2 goes on-hook.
    h.press(23);
    await h.advanceTo(2000);
    expect(h.lineStatus('line2')?.state).toBe('idle');
    expect(h.line('line2').hook).toBe('on');

    h.line('line3').setDialTone(false);
    const pressAt = h.t;
    expect(await h.request({ cmd: 'sim.press', station: 'reception', line: 'line3' })).toBe('reception: ok');
    expect(h.lineStatus('line3')).toMatchObject({ state: 'seizing', call: { seizer: 'reception' } });
    expect(h.panel().snapshot()[3]).toBe('green');
    await h.advanceTo(pressAt + 2999);
    expect(h.lineStatus('line3')?.state).toBe('seizing');
    expect(h.line('line3').hook).toBe('off');
    await h.advanceTo(pressAt + 3000);
    expect(h.lineStatus('line3')?.state).toBe('idle');
    expect(h.service.ks.status().stations.find((s) => s.id === 'reception')?.lastRefusal).toEqual({ reason: 'failed', line: 'line3', t: EPOCH + pressAt + 3000 });
    expect(h.edges(3).at(-1)).toEqual({ t: pressAt + 3000, color: null });
    await h.advanceTo(pressAt + 3020);
    expect(h.line('line3').hook).toBe('on');
    expect(h.line('line3').dialled).toBe('');

    const calls = (await h.request({ cmd: 'calls' })) as CallLogEntry[];
    expect(calls.map((c) => [c.id, c.direction, c.outcome])).toEqual([['line2-1', 'out', 'completed'], ['line3-1', 'out', 'seize-failed']]);
  });
});
