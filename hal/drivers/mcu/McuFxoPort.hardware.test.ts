import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { loadProfile } from '../../../boards/resolveProfile.js';
import { mcuContractSuite } from '../../../test/fakes/mcu/mcuContractSuite.js';
import { realClock, sleep } from '../../../test/fakes/realClock.js';
import { createMcuPorts } from './createMcuPorts.js';
import type { McuFxoPort } from './McuFxoPort.js';

// The same scenarios on a real board, when KEYLINE_TEST_MCU names its serial device.
const device = process.env.KEYLINE_TEST_MCU;
const HOW = 'set KEYLINE_TEST_MCU=/dev/serial/by-id/usb-keyline_DAA4_…-if00 (channel 0 on a live line or a line simulator; '
  + 'optional KEYLINE_TEST_MCU_CHANNEL=n, KEYLINE_TEST_MCU_COUNTRY=gb, KEYLINE_TEST_MCU_CAPS=ring,polarity,…) to run this suite on hardware';

if (!device) {
  describe('mcu-si3050 contract on a real board', () => {
    it.todo(HOW);
  });
} else {
  const profiles = fileURLToPath(new URL('../../../boards/profiles/', import.meta.url));
  const channel = Number(process.env.KEYLINE_TEST_MCU_CHANNEL ?? 0);
  const caps = process.env.KEYLINE_TEST_MCU_CAPS?.split(',').filter((c) => c !== '');
  mcuContractSuite(`mcu-si3050 contract on a real board (${device})`, async () => {
    const profile = loadProfile(profiles, process.env.KEYLINE_TEST_MCU_COUNTRY ?? 'us');
    const ports = createMcuPorts({ id: 'hw', match: { path: device }, options: caps ? { caps } : {}, channels: { line1: channel } }, { clock: realClock, profile });
    const port = ports.get('line1') as McuFxoPort;
    return {
      port,
      wait: sleep,
      dispose: () => port.close(),
    };
  }, 60_000);
}
