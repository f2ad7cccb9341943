import type { FxoEvent } from '../../../hal/contracts/fxo.js';
import type { V253ModemPort } from '../../../hal/drivers/v253/V253ModemPort.js';
import type { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { FakeV253Modem } from './FakeV253Modem.js';

/**
 * One way to run the v253 driver suite: a port on some transport, and (unless it is a real
 * modem) the fake at the other end with a simulated clock.
 */
export interface ModemHarness {
  port: V253ModemPort;
  /** Every event the port emitted. */
  events: FxoEvent[];
  /** The scripted modem, or null on real hardware (scripted tests are skipped then). */
  fake: FakeV253Modem | null;
  /** The simulated clock the port runs on, or null (real modem: real time). */
  clock: SimulatedClock | null;
  /** The device disappears (mock: reads fail; pty: socat is killed). */
  unplug: (() => Promise<void>) | null;
  /** How often the transport was opened: a driver never reopens by itself. */
  opens(): number;
  /** Lets serial I/O happen until `pred` holds; fails after `ms` of real time. */
  until(pred: () => boolean, what: string, ms?: number): Promise<void>;
  dispose(): Promise<void>;
}

/** Polls `pred` between I/O turns, bounded in real time (waiting for bytes, not for a clock). */
export async function pollUntil(pred: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!pred()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Lets pending I/O callbacks run a few turns (mock binding: nextTick and setImmediate hops). */
export async function settleIo(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
