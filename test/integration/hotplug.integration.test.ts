import { describe, expect, it } from 'vitest';
import { SimKeyPanel } from '../../hal/sim/SimKeyPanel.js';
import { defaultDrivers, simPanelDriver, withDrivers } from '../../boards/drivers.js';
import type { ServiceHarness } from '../support/ServiceHarness.js';
import { EPOCH } from '../support/ServiceHarness.js';
import { harnessPerTest } from '../support/harnessPerTest.js';

/**
 * Issue 6 hot plug at the service level, on the simulated board (boards/sim-4line.json) with the
 * demo site (examples/demo.yaml) on a SimulatedClock: a key panel or an FXO port disappears and
 * comes back while keyline runs. Times are ms after the clock's start E. Numbers from the board
 * and the supervisors: a lost panel is tried again 2 s, then 4 s, 8 s … later (a full bus scan
 * each, hardware.md §4); a lost FXO port 1 s, 2 s, 4 s … later (hardware.md §5).
 */
const start = harnessPerTest();

/** Rings line1 at 1130 ms and lets reception answer with key 1 at 5800 ms; returns at 5900 ms. */
async function line1Answered(h: ServiceHarness): Promise<void> {
  await h.advanceTo(1130);
  h.line('line1').ring({ callerId: { number: '5551234', name: 'DOE JOHN' } });
  await h.advanceTo(5800);
  h.press(1);
  await h.advanceTo(5900);
  expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { connected: ['reception'] } });
}

const panelStatus = (h: ServiceHarness) => h.service.status().panels.find((p) => p.id === 'desk1');
const reachable = (h: ServiceHarness, station: string) => h.service.status().stations.find((s) => s.id === station)?.reachable;
/** The keys written by the one render at `t` ms after E. */
const writtenAt = (h: ServiceHarness, t: number) => h.panel().frames().filter((f) => f.t === EPOCH + t).flatMap((f) => f.changes.map((c) => c.key));
const allKeys = Array.from({ length: 24 }, (_, i) => i + 1);

describe('hot plug in the running service (issue 6)', () => {
  it('a panel unplugged mid-call: its keys out-of-service in status, station unreachable, the call goes on; replugged, reopened with backoff and every LED rewritten from the current lamps', async () => {
    const h = await start();
    await line1Answered(h);
    const panel = h.panel();
    expect(panel.snapshot()[1]).toBe('green');
    expect(panelStatus(h)).toMatchObject({ state: 'ready', keys: [{ key: 1, line: 'line1', lamp: h.service.ks.lamp('reception', 'line1') }, { key: 2 }, { key: 3 }, { key: 4 }] });

    await h.advanceTo(7000);
    panel.unplug();
    await h.advance(0);
    expect(panelStatus(h)).toEqual({
      id: 'desk1', station: 'reception', state: 'out-of-service',
      keys: [1, 2, 3, 4].map((k) => ({ key: k, line: `line${k}`, lamp: 'out-of-service' })),
    });
    expect(reachable(h, 'reception')).toBe(false);
    expect(h.logs.some((l) => /panel.*desk1.*lost/.test(l))).toBe(true);
    // The panel is only reception's keys: the line call and its port are untouched.
    expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { connected: ['reception'] } });
    expect(h.line('line1').hook).toBe('off');

    // Back at 10 s: the attempt at 9 s failed, the next one (4 s later) finds it.
    await h.advanceTo(10_000);
    panel.replug();
    expect(panel.snapshot()[1]).toBeNull(); // a replugged panel shows nothing until written
    await h.advanceTo(12_999);
    expect(panel.health).toBe('lost');
    expect(panel.timeline().filter((e) => e.t > EPOCH + 7000)).toEqual([]);
    await h.advanceTo(13_000);
    expect(panel.health).toBe('ready');
    expect(writtenAt(h, 13_000).sort((a, b) => a - b)).toEqual(allKeys);
    expect(panel.snapshot()).toMatchObject({ 1: 'green', 2: null, 3: null, 4: null });
    expect(panelStatus(h)).toMatchObject({ state: 'ready', keys: [{ key: 1, lamp: h.service.ks.lamp('reception', 'line1') }, { key: 2, lamp: 'idle' }, { key: 3 }, { key: 4 }] });
    expect(reachable(h, 'reception')).toBe(true);

    // Its keys work again: release (key 23) ends reception's call.
    h.press(23);
    await h.advance(100);
    expect(h.lineStatus('line1')?.state).toBe('idle');
    expect(h.line('line1').hook).toBe('on');
  });

  it('a panel absent at start is dark and its station unreachable; when it appears it is opened, written in full, and a ringing line blinks on it', async () => {
    const drivers = withDrivers(defaultDrivers(), {
      panels: {
        'sim-panel': (spec, ctx) => {
          const panel = simPanelDriver(spec, ctx);
          if (panel instanceof SimKeyPanel) panel.unplug();
          return panel;
        },
      },
    });
    const h = await start({ drivers });
    const panel = h.panel();
    expect(panel.health).toBe('closed'); // never opened
    expect(panelStatus(h)?.state).toBe('out-of-service');
    expect(reachable(h, 'reception')).toBe(false);

    await h.advanceTo(1130);
    h.line('line1').ring({ callerId: { number: '5551234', name: 'DOE JOHN' } });
    await h.advanceTo(3000);
    expect(h.lineStatus('line1')?.state).toBe('ringing.active');
    panel.replug();
    // Attempts at 2 s (absent) and 6 s (present).
    await h.advanceTo(5999);
    expect(panel.timeline()).toEqual([]);
    await h.advanceTo(6000);
    expect(panel.health).toBe('ready');
    expect(writtenAt(h, 6000).sort((a, b) => a - b)).toEqual(allKeys);
    expect(reachable(h, 'reception')).toBe(true);
    await h.advanceTo(7000);
    expect(h.service.ks.lamp('reception', 'line1')).toBe('ringing-here');
    // Fast green blink, phase-locked to E: lit in [6500, 6750).
    expect(h.edges(1).filter((e) => e.t > 6000 && e.t <= 7000)).toEqual([{ t: 6250, color: null }, { t: 6500, color: 'green' }, { t: 6750, color: null }, { t: 7000, color: 'green' }].filter((e) => e.t > 6000));
    h.press(1);
    await h.advance(100);
    expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { connected: ['reception'] } });
  });

  it('an FXO device unplugged mid-call: the call ends interrupted, the line out-of-service and on-hook everywhere; replugged, reopened with backoff, on-hook and idle', async () => {
    const h = await start();
    await line1Answered(h);
    expect(h.line('line1').hook).toBe('off');

    await h.advanceTo(7000);
    h.line('line1').unplug();
    await h.advance(0);
    expect(h.lineStatus('line1')?.state).toBe('out-of-service');
    expect(h.line('line1').hook).toBe('on');
    expect(h.service.status().lines.find((l) => l.id === 'line1')).toMatchObject({ state: 'out-of-service', hook: 'on', call: null });
    expect(h.service.ks.lamp('reception', 'line1')).toBe('out-of-service');
    expect(panelStatus(h)?.keys[0]).toEqual({ key: 1, line: 'line1', lamp: 'out-of-service' });
    // Refused while out of service; no other line touched.
    h.press(1);
    await h.advance(100);
    expect(h.lineStatus('line1')?.state).toBe('out-of-service');
    for (const l of ['line1', 'line2', 'line3', 'line4']) expect(h.line(l).hook, l).toBe('on');

    // Attempts at 8 s (absent), 10 s (absent), 14 s (back).
    await h.advanceTo(9000);
    await h.advanceTo(11_000);
    h.line('line1').replug();
    await h.advanceTo(13_999);
    expect(h.lineStatus('line1')?.state).toBe('out-of-service');
    await h.advanceTo(14_100);
    expect(h.lineStatus('line1')?.state).toBe('idle');
    expect(h.line('line1').hook).toBe('on');
    expect(h.service.ks.lamp('reception', 'line1')).toBe('idle');
    expect(h.logs.some((l) => /fxo.*line1.*device.*up/i.test(l))).toBe(true);

    // The line works again: rung and answered.
    h.line('line1').ring();
    await h.advanceTo(20_000);
    h.press(1);
    await h.advance(100);
    expect(h.lineStatus('line1')).toMatchObject({ state: 'connected', call: { connected: ['reception'] } });
    expect(h.line('line1').hook).toBe('off');
  });
});
