import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeviceError } from '../hal/contracts/index.js';
import type { CountryProfile, FxoPort } from '../hal/contracts/index.js';
import { RawFxoPort } from '../hal/sim/RawFxoPort.js';
import { SimFxoPort } from '../hal/sim/SimFxoPort.js';
import { SimKeyPanel } from '../hal/sim/SimKeyPanel.js';
import { SimulatedClock } from '../hal/sim/SimulatedClock.js';
import { defaultDrivers, withDrivers } from './drivers.js';
import { createBoard, resolveProfile } from './factory.js';
import { NullFxoPort } from './NullFxoPort.js';
import type { BoardFile } from './types.js';

const PROFILES = fileURLToPath(new URL('./profiles/', import.meta.url));
const board = (name: string): BoardFile => JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as BoardFile;

describe('boards/sim-4line.json', () => {
  it('has the shape the factory needs', () => {
    const b = board('sim-4line');
    expect(b).toMatchObject({ schema: 1, board: 'sim-4line', country: 'us', blink: { hardwareFlash: null }, palette: { mine: 'green', other: 'red' } });
    expect(b.fxo).toEqual([{ id: 'sim', compatible: 'sim-fxo', channels: { line1: 0, line2: 1, line3: 2, line4: 3 } }]);
    expect(b.panels[0]).toMatchObject({ id: 'desk1', compatible: 'sim-panel', options: { rows: 6, cols: 4, color: 'rgb' } });
    expect(b.panels[0]?.keys).toEqual({
      '1': { line: 'line1' }, '2': { line: 'line2' }, '3': { line: 'line3' }, '4': { line: 'line4' },
      '23': { role: 'release' }, '24': { role: 'hold' },
    });
  });

  it('builds four simulated lines and a 24-key simulated panel', async () => {
    const clock = new SimulatedClock();
    const b = board('sim-4line');
    const built = createBoard(b, { clock, profile: resolveProfile(b, PROFILES) });
    expect([...built.fxo.keys()]).toEqual(['line1', 'line2', 'line3', 'line4']);
    expect([...built.sim.lines.values()].every((p) => p instanceof SimFxoPort)).toBe(true);
    expect(built.fxo.get('line3')).toBe(built.sim.lines.get('line3'));
    expect(built.fxo.get('line3')?.id).toBe('sim:2');
    const desk = built.panels.get('desk1');
    expect(desk?.panel).toBeInstanceOf(SimKeyPanel);
    expect(desk?.panel.caps.keys).toBe(24);
    expect(built.sim.panels.get('desk1')).toBe(desk?.panel);
    // usable as built: open and ring
    const line1 = built.sim.lines.get('line1');
    await line1?.open();
    const events: string[] = [];
    line1?.on('event', (e) => events.push(e.type));
    line1?.ring({ bursts: 1 });
    clock.advance(2000);
    expect(events).toEqual(['ringBurst', 'ringBurst']);
  });
});

describe('createBoard with drivers missing from this build', () => {
  const gb = () => resolveProfile(board('kl-daa4-xk24'), PROFILES);

  it('throws DeviceError NOT_FOUND for a required device', () => {
    const b = board('kl-daa4-xk24');
    const base = defaultDrivers();
    const drivers = { ...base, fxo: new Map([...base.fxo, ['mcu-si3050', null]]) };
    let err: unknown;
    try {
      createBoard(b, { clock: new SimulatedClock(), profile: gb(), drivers });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeviceError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', device: 'daa', message: expect.stringMatching(/driver mcu-si3050 not available in this build/) });
  });

  it('gives null objects for optional ones', async () => {
    const clock = new SimulatedClock();
    const withModem = withDrivers(defaultDrivers(), {
      fxo: { 'mcu-si3050': (spec) => new Map<string, FxoPort>(Object.keys(spec.channels).map((l) => [l, new RawFxoPort(l, () => clock.now())])) },
      panels: { xkeys: (spec, ctx) => new SimKeyPanel({ id: spec.id, clock: ctx.clock, rows: 8, cols: 3, color: 'blueRed' }) },
    });
    // the v253-modem driver exists now: take it out again to see the null object
    const drivers = { ...withModem, fxo: new Map([...withModem.fxo, ['v253-modem', null]]) };
    const built = createBoard(board('kl-daa4-xk24'), { clock, profile: gb(), drivers });
    const line5 = built.fxo.get('line5');
    expect(line5).toBeInstanceOf(NullFxoPort);
    await expect(line5?.open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(line5?.offHook()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(line5?.onHook()).resolves.toBeUndefined();
    expect(line5?.caps.disconnect).toEqual([]);
    expect(built.sim.lines.size).toBe(0);
    expect(built.panels.get('desk1')?.panel.caps.keys).toBe(24);
  });

  it('null panels drop LED writes and still check keys', () => {
    const b = board('sim-4line');
    b.panels.push({ id: 'side', compatible: 'streamdeck', optional: true, keys: { '15': { line: 'line1' } } });
    const built = createBoard(b, { clock: new SimulatedClock(), profile: resolveProfile(b, PROFILES) });
    const side = built.panels.get('side')?.panel;
    expect(side?.caps.keys).toBe(15);
    expect(() => side?.render([{ key: 15, color: 'red' }])).not.toThrow();
    expect(() => side?.render([{ key: 16, color: 'red' }])).toThrow(/key/);
  });

  it('throws naming the entry for unknown drivers, doubled lines and keys off the panel', () => {
    const profile = resolveProfile(board('sim-4line'), PROFILES);
    const clock = new SimulatedClock();
    const unknown = board('sim-4line');
    (unknown.fxo[0] as { compatible: string }).compatible = 'dahdi';
    expect(() => createBoard(unknown, { clock, profile })).toThrow(/fxo\[sim\]\.compatible.*dahdi/);
    const doubled = board('sim-4line');
    doubled.fxo.push({ id: 'sim2', compatible: 'sim-fxo', channels: { line1: 0 } });
    expect(() => createBoard(doubled, { clock, profile })).toThrow(/fxo\[sim2\]\.channels\.line1/);
    const offPanel = board('sim-4line');
    offPanel.panels[0]!.keys['25'] = { line: 'line1' };
    expect(() => createBoard(offPanel, { clock, profile })).toThrow(/panels\[desk1\]\.keys\["25"\]/);
  });
});

describe('resolveProfile', () => {
  it('merges the board overrides over the country profile without changing either', () => {
    const base = JSON.parse(readFileSync(new URL('./profiles/gb.json', import.meta.url), 'utf8')) as CountryProfile;
    const loader = (cc: string) => {
      expect(cc).toBe('gb');
      return base;
    };
    const p = resolveProfile({ country: 'gb', profile: { flashMs: 250, disconnect: { busyCount: 3 }, ring: { cadencesMs: { short: [200, 400] } } } }, loader);
    expect(p.flashMs).toBe(250);
    expect(p.disconnect).toMatchObject({ busyCount: 3, loopDropMinMs: 80, cues: ['loopCurrent', 'busyTone'] });
    expect(p.ring.cadencesMs).toEqual({ normal: [400, 200, 400, 2000], short: [200, 400] });
    expect(base.flashMs).toBe(100);
    expect(base.ring.cadencesMs).toEqual({ normal: [400, 200, 400, 2000] });
  });

  it('replaces arrays instead of merging them', () => {
    const p = resolveProfile({ country: 'us', profile: { disconnect: { cues: ['loopCurrent'] } } }, PROFILES);
    expect(p.disconnect.cues).toEqual(['loopCurrent']);
  });

  it('names the missing profile file', () => {
    expect(() => resolveProfile({ country: 'zz' }, PROFILES)).toThrow(/zz\.json/);
    expect(() => resolveProfile({ country: 'GB' }, PROFILES)).toThrow(/country/);
  });
});
