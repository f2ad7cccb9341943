import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FxoEvent } from '../../../hal/contracts/fxo.js';
import type { ModemHarness } from './ModemHarness.js';

/**
 * The v253 driver contract on any transport (hardware.md §8): the mock binding, a socat pty pair
 * with the native binding, or a real modem. Only what needs no script runs on real hardware.
 */
export function modemContractSuite(name: string, make: () => Promise<ModemHarness>): void {
  describe(name, () => {
    let h: ModemHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('opens ready and on-hook, with honest caps for a modem', async () => {
      await h.port.open();
      expect(h.port.health).toBe('ready');
      expect(h.port.hook).toBe('on');
      expect(h.port.caps.ring).toBe('ringsOnly');
      expect(h.port.caps.pulseDial).toBe(false);
      expect(h.port.caps.lineVoltage).toBe(false);
      if (!h.fake) return;
      expect(h.port.modem.name).toBe('usr5637');
      expect(h.port.caps.audio).toEqual({ encoding: 'ulaw', rateHz: 8000, frameMs: 20, duplex: true });
      expect(h.port.caps.disconnect).toEqual(['busyTone', 'silence']);
      expect(h.fake.commands).toEqual(expect.arrayContaining(['ATI0', 'AT+FCLASS=8', 'AT+VCID=1', 'AT&D2', 'AT+VSM=131,8000']));
      expect(h.fake.hook).toBe('on');
    });

    it('offHook and onHook resolve after their hook event, and are idempotent', async () => {
      await h.port.open();
      const seen: FxoEvent[] = [];
      const first = h.port.offHook();
      expect(h.port.offHook()).toBe(first);
      await first.then(() => seen.push(...h.events));
      expect(seen.filter((e) => e.type === 'hook')).toEqual([expect.objectContaining({ type: 'hook', offHook: true, cause: 'command' })]);
      expect(h.port.hook).toBe('off');
      await h.port.offHook();
      await h.port.onHook();
      await h.port.onHook();
      expect(h.port.hook).toBe('on');
      expect(h.events.filter((e) => e.type === 'hook').map((e) => e.type === 'hook' && e.offHook)).toEqual([true, false]);
      if (h.fake) expect(h.fake.hook).toBe('on');
    });

    it('refuses dial and flash on-hook, and misuse throws naming the parameter', async () => {
      await h.port.open();
      await expect(h.port.dial('1')).rejects.toMatchObject({ code: 'INVALID_STATE' });
      await expect(h.port.flash(100)).rejects.toMatchObject({ code: 'INVALID_STATE' });
      expect(() => h.port.dial('12x')).toThrow(/digits/);
      expect(() => h.port.dial('1', { mode: 'pulse' })).toThrow(/pulse/);
      expect(() => h.port.flash(-1)).toThrow(/ms/);
    });

    it('close puts the line on-hook first and emits nothing afterwards', async () => {
      await h.port.open();
      await h.port.offHook();
      if (h.fake) await h.until(() => h.fake?.voice === true, 'voice data');
      await h.port.close();
      expect(h.port.health).toBe('closed');
      expect(h.port.hook).toBe('on');
      expect(h.events.at(-1)).toMatchObject({ type: 'hook', offHook: false });
      const count = h.events.length;
      h.fake?.ring();
      await h.port.close();
      expect(h.events.length).toBe(count);
      if (!h.fake) return;
      expect(h.fake.hook).toBe('on');
      expect(h.fake.voice).toBe(false);
      expect(h.fake.commands.at(-1)).toBe('ATH0');
    });
  });
}
