import { describe, expect, it } from 'vitest';
import { SimKeyPanel } from './SimKeyPanel.js';
import { SimulatedClock } from './SimulatedClock.js';

async function rig() {
  const clock = new SimulatedClock(1000);
  const panel = new SimKeyPanel({ id: 'desk1', clock, rows: 6, cols: 4, color: 'rgb' });
  await panel.open();
  return { clock, panel };
}

describe('SimKeyPanel', () => {
  it('reports its shape as caps', async () => {
    const { panel } = await rig();
    expect(panel.caps).toEqual({ keys: 24, rows: 6, cols: 4, color: 'rgb', hwBlink: null, maxEdgesPerSecond: 1000 });
    expect(() => new SimKeyPanel({ id: 'x', clock: new SimulatedClock(), rows: 0, cols: 4, color: 'rgb' })).toThrow(/rows/);
  });

  it('records every rendered change with its time, and the batches', async () => {
    const { clock, panel } = await rig();
    panel.render([{ key: 1, color: 'green' }, { key: 2, color: { r: 1, g: 2, b: 3 } }]);
    clock.advance(50);
    panel.render([{ key: 1, color: null }]);
    expect(panel.timeline()).toEqual([
      { t: 1000, key: 1, color: 'green' },
      { t: 1000, key: 2, color: { r: 1, g: 2, b: 3 } },
      { t: 1050, key: 1, color: null },
    ]);
    expect(panel.frames().map((f) => [f.t, f.changes.length])).toEqual([[1000, 2], [1050, 1]]);
    expect(panel.snapshot()[1]).toBeNull();
    expect(panel.snapshot()[2]).toEqual({ r: 1, g: 2, b: 3 });
    expect(Object.keys(panel.snapshot())).toHaveLength(24);
  });

  it('throws naming the key for keys outside 1..keys', async () => {
    const { panel } = await rig();
    expect(() => panel.render([{ key: 25, color: 'red' }])).toThrow(/key/);
    expect(() => panel.button(0)).toThrow(/key/);
    expect(() => panel.press(1.5)).toThrow(/key/);
  });

  it('press / release / press with hold on the clock', async () => {
    const { clock, panel } = await rig();
    const log: Array<[string, number]> = [];
    panel.button(3).on('down', (t) => log.push(['down', t])).on('up', (t) => log.push(['up', t]));
    panel.press(3);
    clock.advance(10);
    panel.release(3);
    panel.release(3);
    panel.press(3, 200);
    clock.advance(200);
    expect(log).toEqual([['down', 1000], ['up', 1010], ['down', 1010], ['up', 1210]]);
  });

  it('unplug: lost once, no renders or presses; replug + open: ready, dark LEDs', async () => {
    const { panel } = await rig();
    const lost: string[] = [];
    panel.on('lost', (e) => lost.push(e.code));
    panel.render([{ key: 1, color: 'red' }]);
    const presses: number[] = [];
    panel.button(1).on('down', (t) => presses.push(t));
    panel.unplug();
    panel.unplug();
    panel.press(1);
    panel.render([{ key: 2, color: 'red' }]);
    expect(lost).toEqual(['DISCONNECTED']);
    expect(presses).toEqual([]);
    expect(panel.timeline()).toHaveLength(1);
    await expect(panel.open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    panel.replug();
    await panel.open();
    expect(panel.health).toBe('ready');
    expect(panel.snapshot()[1]).toBeNull();
  });
});
