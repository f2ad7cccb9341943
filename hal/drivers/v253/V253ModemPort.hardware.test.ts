import { describe, it } from 'vitest';
import { V253ModemPort } from './V253ModemPort.js';
import type { FxoEvent } from '../../contracts/fxo.js';
import { MonotonicClock } from '../../../src/service/MonotonicClock.js';
import { pollUntil } from '../../../test/fakes/modem/ModemHarness.js';
import type { ModemHarness } from '../../../test/fakes/modem/ModemHarness.js';
import { modemContractSuite } from '../../../test/fakes/modem/modemDriverSuite.js';

/**
 * The contract suite against a REAL voice modem (hardware.md §8), when the environment names one:
 *
 *   KEYLINE_TEST_MODEM=/dev/serial/by-id/usb-U.S._Robotics_USB_Modem_…-if00 npx vitest run hal/drivers/v253
 *
 * Optional: KEYLINE_TEST_MODEM_PROFILE=usr5637 (else detected by ATI). A line may be plugged in:
 * the suite takes it off-hook for a moment and always puts it back on-hook.
 */
const DEVICE = process.env.KEYLINE_TEST_MODEM;
const PROFILE = process.env.KEYLINE_TEST_MODEM_PROFILE;

async function realHarness(path: string): Promise<ModemHarness> {
  const port = new V253ModemPort({ line: 'real', clock: new MonotonicClock(), path, modemProfile: PROFILE });
  const events: FxoEvent[] = [];
  port.on('event', (e) => events.push(e));
  return {
    port, events, fake: null, clock: null, unplug: null,
    opens: () => 1,
    until: (pred, what, ms) => pollUntil(pred, what, ms ?? 10_000),
    dispose: () => port.close(),
  };
}

if (DEVICE) {
  modemContractSuite(`V253ModemPort on the real modem at ${DEVICE}`, () => realHarness(DEVICE));
} else {
  describe('V253ModemPort on a real modem', () => {
    it.todo('pending: set KEYLINE_TEST_MODEM to a voice modem device (e.g. KEYLINE_TEST_MODEM=/dev/ttyACM0, better /dev/serial/by-id/…) to run the contract suite on hardware');
  });
}
