import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { describe, it } from 'vitest';
import { loadProfile } from '../../../boards/resolveProfile.js';
import { FakeMcuBoard } from '../../../test/fakes/mcu/FakeMcuBoard.js';
import { mcuContractSuite } from '../../../test/fakes/mcu/mcuContractSuite.js';
import { realClock, sleep } from '../../../test/fakes/realClock.js';
import { hasSocat, startSocatPair } from '../../../test/fakes/modem/socatPair.js';
import { createMcuPorts } from './createMcuPorts.js';
import type { McuFxoPort } from './McuFxoPort.js';

// The contract suite through the native serialport binding, with the fake board on the far end
// of a socat pty pair: real bytes, real time, no hardware (hardware.md §8, optional suite).
if (!hasSocat()) {
  describe('mcu-si3050 contract over a pty pair', () => {
    it.todo('install socat (Debian: socat) to run the native-binding suite');
  });
} else {
  const profiles = fileURLToPath(new URL('../../../boards/profiles/', import.meta.url));
  mcuContractSuite('mcu-si3050 contract over a pty pair (native binding)', async () => {
    const pty = await startSocatPair();
    const fake = new FakeMcuBoard({ clock: realClock, path: `${pty.b}-unused` });
    const far = new SerialPort({ path: pty.b, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => far.open((e) => (e ? reject(e) : resolve())));
    const hear = fake.connect((bytes) => far.write(Buffer.from(bytes)));
    far.on('data', (b: Buffer) => hear(b));
    const ports = createMcuPorts({ id: 'pty', match: { path: pty.a }, channels: { line1: 0 } }, { clock: realClock, profile: loadProfile(profiles, 'us') });
    const port = ports.get('line1') as McuFxoPort;
    return {
      port,
      wait: sleep,
      boardOffHook: () => fake.channels[0]?.off === true,
      dispose: async () => {
        await port.close();
        fake.disconnect();
        await new Promise<void>((resolve) => (far.isOpen ? far.close(() => resolve()) : resolve()));
        await pty.stop();
      },
    };
  }, 30_000);
}
