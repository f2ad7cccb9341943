import { describe, expect, it } from 'vitest';
import type { LedPattern } from '../contracts/index.js';
import { SimKeyPanel } from '../sim/SimKeyPanel.js';
import { SimulatedClock } from '../sim/SimulatedClock.js';
import { BlinkEngine } from './BlinkEngine.js';

const FLASH: LedPattern = { kind: 'blink', color: 'red', onMs: 500, offMs: 500 };

async function rig(start = 0) {
  const clock = new SimulatedClock(start);
  const engine = new BlinkEngine(clock);
  const panel = new SimKeyPanel({ id: 'p1', clock, rows: 2, cols: 4, color: 'rgb' });
  await panel.open();
  return { clock, engine, panel };
}

const ofKey = (panel: SimKeyPanel, key: number) => panel.timeline().filter((e) => e.key === key).map((e) => [e.t, e.color]);

describe('BlinkEngine', () => {
  it('a set reaches the panel at once; steady needs no timer', async () => {
    const { clock, engine, panel } = await rig();
    engine.led(panel, 1).set({ kind: 'steady', color: 'green' });
    expect(panel.snapshot()[1]).toBe('green');
    expect(clock.pendingCount).toBe(0);
    expect(engine.nextEdgeAt).toBeNull();
  });

  it('hands out one Led per key; the last write wins', async () => {
    const { engine, panel } = await rig();
    const led = engine.led(panel, 2);
    expect(engine.led(panel, 2)).toBe(led);
    expect(led.id).toBe('p1:2');
    led.set({ kind: 'steady', color: 'green' });
    led.set({ kind: 'steady', color: 'red' });
    expect(panel.snapshot()[2]).toBe('red');
  });

  it('phase lock: a key set later joins in step, never restarting its pattern', async () => {
    const { clock, engine, panel } = await rig();
    engine.led(panel, 1).set(FLASH);
    clock.advance(300);
    engine.led(panel, 2).set(FLASH); // offset 300: on, until 500 like key 1
    clock.advance(900);
    engine.led(panel, 3).set(FLASH); // offset 1200: on, until 1500
    clock.advance(1000);
    expect(ofKey(panel, 1)).toEqual([[0, 'red'], [500, null], [1000, 'red'], [1500, null], [2000, 'red']]);
    expect(ofKey(panel, 2)).toEqual([[300, 'red'], [500, null], [1000, 'red'], [1500, null], [2000, 'red']]);
    expect(ofKey(panel, 3)).toEqual([[1200, 'red'], [1500, null], [2000, 'red']]);
    // one render per edge, holding every key that changed
    expect(panel.frames().filter((f) => f.t === 1500).map((f) => f.changes.map((c) => c.key))).toEqual([[1, 2, 3]]);
  });

  it('keeps phase with the epoch, not with the set time', async () => {
    const { clock, engine, panel } = await rig(10_000);
    clock.advance(750);
    engine.led(panel, 1).set(FLASH); // offset 750: off
    clock.advance(1000);
    expect(ofKey(panel, 1)).toEqual([[10_750, null], [11_000, 'red'], [11_500, null]]);
  });

  it('flutter 100/100, burst 5 × (100/100) + 1000 off, alternate 250/250', async () => {
    const { clock, engine, panel } = await rig();
    engine.led(panel, 1).set({ kind: 'blink', color: 'green', onMs: 100, offMs: 100 });
    const burst = Array.from({ length: 5 }, () => [{ color: 'green' as const, ms: 100 }, { color: null, ms: 100 }]).flat();
    engine.led(panel, 2).set({ kind: 'cadence', segments: [...burst, { color: null, ms: 1000 }] });
    engine.led(panel, 3).set({ kind: 'cadence', segments: [{ color: 'green', ms: 250 }, { color: 'amber', ms: 250 }] });
    clock.advance(2000);
    expect(ofKey(panel, 1).slice(0, 5)).toEqual([[0, 'green'], [100, null], [200, 'green'], [300, null], [400, 'green']]);
    expect(ofKey(panel, 1)).toHaveLength(21);
    expect(ofKey(panel, 2).map(([t]) => t)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 2000]);
    expect(ofKey(panel, 3)).toEqual([[0, 'green'], [250, 'amber'], [500, 'green'], [750, 'amber'], [1000, 'green'],
      [1250, 'amber'], [1500, 'green'], [1750, 'amber'], [2000, 'green']]);
  });

  it('writes only changes: a steady key is not written at blink edges', async () => {
    const { clock, engine, panel } = await rig();
    engine.led(panel, 1).set({ kind: 'steady', color: 'green' });
    engine.led(panel, 2).set(FLASH);
    engine.led(panel, 3).set({ kind: 'blink', color: 'red', onMs: 500, offMs: 500, offColor: 'red' }); // looks steady
    clock.advance(5000);
    expect(ofKey(panel, 1)).toHaveLength(1);
    expect(ofKey(panel, 3)).toHaveLength(1);
    expect(panel.frames().every((f) => f.changes.every((c) => c.key === 2) || f.t === 0)).toBe(true);
  });

  it('one timer for the next edge of any pattern; none when nothing blinks', async () => {
    const { clock, engine, panel } = await rig();
    engine.led(panel, 1).set(FLASH);
    engine.led(panel, 2).set({ kind: 'blink', color: 'green', onMs: 400, offMs: 100 });
    engine.led(panel, 3).set({ kind: 'blink', color: 'green', onMs: 100, offMs: 1900 });
    expect(clock.pendingCount).toBe(1);
    expect(engine.nextEdgeAt).toBe(100);
    clock.advance(100);
    expect(engine.nextEdgeAt).toBe(400);
    expect(clock.pendingCount).toBe(1);
    for (const k of [1, 2, 3]) engine.led(panel, k).set({ kind: 'off' });
    expect(clock.pendingCount).toBe(0);
  });

  it('edges fall on the 50 ms grid: other timings throw naming the field', async () => {
    const { engine, panel } = await rig();
    const led = engine.led(panel, 1);
    expect(() => led.set({ kind: 'blink', color: 'red', onMs: 120, offMs: 100 })).toThrow(/pattern\.onMs/);
    expect(() => led.set({ kind: 'cadence', segments: [] })).toThrow(/pattern\.segments/);
    expect(() => led.set({ kind: 'steady', color: 'pink' as 'red' })).toThrow(/pattern\.color/);
    expect(() => engine.led(panel, 9)).toThrow(/key/);
  });

  it('batch: one render per panel for several sets', async () => {
    const { engine, panel } = await rig();
    engine.batch(() => {
      for (const k of [1, 2, 3, 4]) engine.led(panel, k).set({ kind: 'steady', color: 'red' });
    });
    expect(panel.frames()).toHaveLength(1);
    expect(panel.frames()[0]?.changes).toHaveLength(4);
  });

  it('two panels each get one render per edge', async () => {
    const { clock, engine, panel } = await rig();
    const other = new SimKeyPanel({ id: 'p2', clock, rows: 1, cols: 2, color: 'mono' });
    await other.open();
    engine.led(panel, 1).set(FLASH);
    engine.led(other, 2).set(FLASH);
    clock.advance(500);
    expect(panel.frames().map((f) => f.t)).toEqual([0, 500]);
    expect(other.frames().map((f) => f.t)).toEqual([0, 500]);
  });

  it('writeAll renders every key in full; allOff darkens all; dispose leaves no timer', async () => {
    const { clock, engine, panel } = await rig();
    engine.led(panel, 2).set(FLASH);
    clock.advance(600);
    engine.writeAll(panel);
    expect(panel.frames().at(-1)?.changes).toEqual([
      { key: 1, color: null }, { key: 2, color: null }, { key: 3, color: null }, { key: 4, color: null },
      { key: 5, color: null }, { key: 6, color: null }, { key: 7, color: null }, { key: 8, color: null },
    ]);
    clock.advance(400);
    expect(panel.snapshot()[2]).toBe('red');
    engine.allOff();
    expect(panel.snapshot()[2]).toBeNull();
    expect(clock.pendingCount).toBe(0);
    engine.led(panel, 2).set(FLASH);
    expect(clock.pendingCount).toBe(1);
    engine.dispose();
    expect(clock.pendingCount).toBe(0);
    engine.led(panel, 2).set({ kind: 'steady', color: 'green' });
    expect(panel.snapshot()[2]).toBe('red');
  });
});
