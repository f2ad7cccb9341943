import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FxoEvent } from '../../contracts/fxo.js';
import { FxoSupervisor } from '../../fxo/FxoSupervisor.js';
import { loadProfile } from '../../../boards/resolveProfile.js';
import { mcuRig } from '../../../test/fakes/mcu/mcuRig.js';
import type { McuRig } from '../../../test/fakes/mcu/mcuRig.js';

// The driver under the FxoSupervisor: ring edges become calls, and it is the supervisor, not
// the port, that reopens a lost line (hardware.md §5).
const us = () => loadProfile(fileURLToPath(new URL('../../../boards/profiles/', import.meta.url)), 'us');

let rig: McuRig | null = null;
let sup: FxoSupervisor | null = null;
afterEach(async () => {
  await sup?.close();
  for (const p of rig?.ports.values() ?? []) await p.close();
  rig = sup = null;
});

async function supervised(): Promise<{ r: McuRig; s: FxoSupervisor; events: FxoEvent[] }> {
  const r = mcuRig();
  const s = new FxoSupervisor({ port: r.port('line1'), clock: r.clock, profile: us() });
  const events: FxoEvent[] = [];
  s.on('event', (e) => events.push(e));
  await s.open();
  rig = r;
  sup = s;
  return { r, s, events };
}

describe('McuFxoPort under FxoSupervisor', () => {
  it('ring edges from the board become ringing and ringingStopped', async () => {
    const { r, events } = await supervised();
    for (let i = 0; i < 2; i++) {
      r.fake.ring(0, true);
      await r.advance(2000);
      r.fake.ring(0, false, 2000);
      await r.advance(4000);
    }
    await r.advance(7000);
    expect(events.map((e) => e.type)).toEqual(['device', 'ringing', 'ringing', 'ringingStopped']);
    expect(events[2]).toMatchObject({ type: 'ringing', cadence: 'normal' });
  });

  it('a board reboot mid-call: device down, then the supervisor reopens it after 1 s', async () => {
    const { r, events } = await supervised();
    await r.port('line1').offHook();
    r.fake.reboot();
    await r.advance(999);
    expect(events.filter((e) => e.type === 'device').map((e) => e.type === 'device' && e.up)).toEqual([true, false]);
    expect(r.port('line1').health).toBe('lost');
    await r.advance(1);
    expect(events.filter((e) => e.type === 'device').map((e) => e.type === 'device' && e.up)).toEqual([true, false, true]);
    expect(r.port('line1').hook).toBe('on');
  });

  it('unplugged: retried with backoff while absent, up again once back', async () => {
    const { r, events } = await supervised();
    r.fake.unplug();
    await r.advance(3500);
    expect(r.port('line1').health).toBe('closed');
    r.fake.present = true;
    await r.advance(4000);
    expect(r.port('line1').health).toBe('ready');
    expect(events.filter((e) => e.type === 'device').map((e) => e.type === 'device' && e.up)).toEqual([true, false, true]);
  });
});
