import { describe, expect, it } from 'vitest';
import { BlinkEngine } from '../../hal/blink/BlinkEngine.js';
import { SimKeyPanel } from '../../hal/sim/SimKeyPanel.js';
import { SimulatedClock } from '../../hal/sim/SimulatedClock.js';
import type { CoreNote } from '../core/effects.js';
import { PanelBinding } from './PanelBinding.js';
import type { PanelInput, PanelKeyRole } from './PanelBinding.js';

const KEYS: Record<string, PanelKeyRole> = {
  '1': { line: 'line1' }, '2': { line: 'line2' }, '5': { role: 'line', line: 'line1' },
  '23': { role: 'release' }, '24': { role: 'hold' },
};

async function rig(station: string | null = 'desk1') {
  const clock = new SimulatedClock();
  const engine = new BlinkEngine(clock);
  const panel = new SimKeyPanel({ id: 'desk1', clock, rows: 6, cols: 4, color: 'rgb' });
  await panel.open();
  const binding = new PanelBinding({ panelId: 'desk1', panel, keys: KEYS, station, engine, style: { palette: { mine: 'green', other: 'red' }, color: 'rgb' } });
  const inputs: PanelInput[] = [];
  const notes: CoreNote[] = [];
  binding.onInput((ev) => inputs.push(ev));
  binding.onNote((n) => notes.push(n));
  return { clock, engine, panel, binding, inputs, notes };
}

describe('PanelBinding', () => {
  it('shows a lamp on every key of that line, in one render', async () => {
    const { panel, binding } = await rig();
    binding.showLamp('line1', 'in-use-mine');
    expect(panel.snapshot()).toMatchObject({ 1: 'green', 2: null, 5: 'green' });
    expect(panel.frames()).toHaveLength(1);
    binding.showLamp('line1', null);
    expect(panel.snapshot()).toMatchObject({ 1: null, 5: null });
  });

  it('ignores lines it has no key for', async () => {
    const { panel, binding } = await rig();
    binding.showLamp('line9', 'ringing-here');
    expect(panel.frames()).toHaveLength(0);
    expect(binding.lines).toEqual(['line1', 'line2']);
  });

  it('blinks a ringing line in phase with the engine', async () => {
    const { clock, panel, binding } = await rig();
    clock.advance(100);
    binding.showLamp('line2', 'ringing-here'); // fast 250/250
    clock.advance(400);
    expect(panel.timeline().filter((e) => e.key === 2).map((e) => [e.t, e.color])).toEqual([[100, 'green'], [250, null], [500, 'green']]);
  });

  it('turns presses into station inputs with the press time', async () => {
    const { clock, panel, inputs } = await rig();
    clock.advance(70);
    panel.press(2);
    panel.press(24);
    panel.press(23);
    panel.press(7); // unmapped
    expect(inputs).toEqual([
      { t: 70, type: 'station.lineKey', station: 'desk1', line: 'line2' },
      { t: 70, type: 'station.hold', station: 'desk1' },
      { t: 70, type: 'station.onHook', station: 'desk1' },
    ]);
  });

  it('a lamp field emits no input, only a note', async () => {
    const { panel, inputs, notes } = await rig(null);
    panel.press(1);
    expect(inputs).toEqual([]);
    expect(notes).toEqual([expect.objectContaining({ event: 'panel.press', line: 'line1' })]);
  });

  it('attach and reattach write every LED in full', async () => {
    const { panel, binding } = await rig();
    binding.showLamp('line1', 'in-use-other');
    binding.attach();
    expect(panel.frames().at(-1)?.changes).toHaveLength(24);
    panel.unplug();
    binding.lost();
    expect(binding.isAttached).toBe(false);
    panel.replug();
    await panel.open();
    binding.attached();
    expect(panel.snapshot()).toMatchObject({ 1: 'red', 5: 'red' });
  });

  it('throws naming the key for a key map that does not fit the panel', async () => {
    const { engine, panel } = await rig();
    const style = { palette: { mine: 'green' as const, other: 'red' as const }, color: 'rgb' as const };
    expect(() => new PanelBinding({ panelId: 'x', panel, keys: { '25': { line: 'l' } }, station: 's', engine, style })).toThrow(/keys\["25"\]/);
    expect(() => new PanelBinding({ panelId: 'x', panel, keys: { '3': { role: 'mute' as 'hold' } }, station: 's', engine, style })).toThrow(/role/);
  });
});
