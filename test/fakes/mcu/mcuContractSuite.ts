import { describe, expect, it } from 'vitest';
import type { FxoEvent } from '../../../hal/contracts/fxo.js';
import type { McuFxoPort } from '../../../hal/drivers/mcu/McuFxoPort.js';

/** One line of a board, fake or real, and how time passes for it. */
export interface McuUnderTest {
  port: McuFxoPort;
  /** Lets `ms` pass: the simulated clock for the fake, real time for hardware. */
  wait(ms: number): Promise<void>;
  /** Whether the board's hook relay is on-hook now, where the test can see it (fake only). */
  boardOffHook?(): boolean;
  dispose(): Promise<void>;
}

/**
 * The scenarios a board must pass whether it is the fake or real hardware (hardware.md §8):
 * what needs no far end on the line. Run with `setup` giving a fresh, unopened line.
 */
export function mcuContractSuite(name: string, setup: () => Promise<McuUnderTest>, timeoutMs = 30_000): void {
  describe(name, () => {
    const withLine = (fn: (u: McuUnderTest, events: FxoEvent[]) => Promise<void>) => async () => {
      const u = await setup();
      const events: FxoEvent[] = [];
      u.port.on('event', (e) => events.push(e));
      try {
        await fn(u, events);
      } finally {
        await u.port.close().catch(() => undefined);
        await u.dispose();
      }
    };

    it('opens after the handshake, on-hook, with the board named', withLine(async (u) => {
      await u.port.open();
      expect(u.port.health).toBe('ready');
      expect(u.port.hook).toBe('on');
      expect(u.port.board.info).toMatchObject({ ver: 1 });
      expect(u.port.board.info?.channels).toBeGreaterThan(u.port.channel);
    }), timeoutMs);

    it('off-hook and on-hook are acknowledged by hook events', withLine(async (u, events) => {
      await u.port.open();
      await u.port.offHook();
      expect(u.port.hook).toBe('off');
      await u.port.onHook();
      expect(events.filter((e) => e.type === 'hook')).toMatchObject([{ offHook: true, cause: 'command' }, { offHook: false, cause: 'command' }]);
    }), timeoutMs);

    it('a flash while off-hook is reported as cause flash', withLine(async (u, events) => {
      await u.port.open();
      await u.port.offHook();
      const f = u.port.flash(100);
      await u.wait(400);
      await f;
      expect(events.filter((e) => e.type === 'hook').at(-1)).toMatchObject({ offHook: true, cause: 'flash' });
    }), timeoutMs);

    it('dials DTMF and resolves when the board is done', withLine(async (u) => {
      await u.port.open();
      await u.port.offHook();
      const d = u.port.dial('1');
      await u.wait(1000);
      await d;
    }), timeoutMs);

    it('stays up and off-hook over several keepalive periods', withLine(async (u) => {
      await u.port.open();
      await u.port.offHook();
      await u.wait(10_000);
      expect(u.port.health).toBe('ready');
      expect(u.port.hook).toBe('off');
      if (u.boardOffHook) expect(u.boardOffHook()).toBe(true);
    }), timeoutMs);

    it('close() puts the line on-hook', withLine(async (u, events) => {
      await u.port.open();
      await u.port.offHook();
      await u.port.close();
      expect(events.at(-1)).toMatchObject({ type: 'hook', offHook: false });
      if (u.boardOffHook) expect(u.boardOffHook()).toBe(false);
    }), timeoutMs);
  });
}
