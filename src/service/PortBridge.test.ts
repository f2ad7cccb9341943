import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../boards/resolveProfile.js';
import { advanceSettled } from '../../hal/sim/advanceSettled.js';
import { SimFxoPort } from '../../hal/sim/SimFxoPort.js';
import { SimulatedClock } from '../../hal/sim/SimulatedClock.js';
import type { CoreEvent } from '../core/events.js';
import { PortBridge } from './PortBridge.js';

const PROFILES = fileURLToPath(new URL('../../boards/profiles/', import.meta.url));

async function rig() {
  const clock = new SimulatedClock(1000);
  const port = new SimFxoPort({ line: 'line1', clock, profile: loadProfile(PROFILES, 'us') });
  await port.open();
  const events: CoreEvent[] = [];
  const bridge = new PortBridge('line1', port, clock, (ev) => events.push(ev), { log: () => undefined });
  return { clock, port, bridge, events };
}

describe('PortBridge: line voltage and loop current', () => {
  it('nothing reported: no levels', async () => {
    const { bridge } = await rig();
    expect(bridge.levels).toBeUndefined();
  });

  it('keeps the last reading per hook state, on the hook the port reports at the time', async () => {
    const { clock, port, bridge, events } = await rig();
    bridge.onEvent({ t: 1000, type: 'line', volts: -50, milliamps: 0 });
    bridge.onEvent({ t: 2000, type: 'line', volts: -48, milliamps: 0 });
    expect(bridge.levels).toEqual({ onHook: { t: 2000, volts: -48, milliamps: 0 } });
    const seized = port.offHook();
    await advanceSettled(clock, 100);
    await seized;
    bridge.onEvent({ t: 3000, type: 'line', volts: -7, milliamps: 26 });
    // A loop-current restore carries the current alone: the voltage stays from the last reading.
    bridge.onEvent({ t: 4000, type: 'line', milliamps: 24 });
    expect(bridge.levels).toEqual({ onHook: { t: 2000, volts: -48, milliamps: 0 }, offHook: { t: 4000, volts: -7, milliamps: 24 } });
    // Readings are not core events.
    expect(events).toEqual([]);
  });

  it('a copy: the caller cannot change what the bridge keeps', async () => {
    const { bridge } = await rig();
    bridge.onEvent({ t: 1000, type: 'line', volts: 48 });
    const levels = bridge.levels;
    if (levels?.onHook) levels.onHook.volts = 0;
    expect(bridge.levels).toEqual({ onHook: { t: 1000, volts: 48 } });
  });

  it('an empty reading changes nothing', async () => {
    const { bridge } = await rig();
    bridge.onEvent({ t: 1000, type: 'line' });
    expect(bridge.levels).toBeUndefined();
  });
});
