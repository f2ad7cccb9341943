import { describe } from 'vitest';
import { SerialPort } from 'serialport';
import { V253ModemPort } from './V253ModemPort.js';
import { nativeSerialLink } from './SerialLink.js';
import type { SerialLinkFactory } from './SerialLink.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import type { FxoEvent } from '../../contracts/fxo.js';
import { FakeV253Modem } from '../../../test/fakes/modem/FakeV253Modem.js';
import { pollUntil } from '../../../test/fakes/modem/ModemHarness.js';
import type { ModemHarness } from '../../../test/fakes/modem/ModemHarness.js';
import { modemContractSuite } from '../../../test/fakes/modem/modemDriverSuite.js';
import { modemScriptSuite } from '../../../test/fakes/modem/modemScriptSuite.js';
import { hasSocat, startSocatPair } from '../../../test/fakes/modem/socatPair.js';

/**
 * The same suites with the REAL native binding (hardware.md §8): the driver opens one end of a
 * socat pty pair, the fake modem answers on the other, in-process. socat runs per test and is
 * stopped by its PID; every wait is bounded.
 */
async function ptyHarness(): Promise<ModemHarness> {
  const pair = await startSocatPair();
  const fake = new FakeV253Modem();
  const far = new SerialPort({ path: pair.b, baudRate: 57600, autoOpen: false });
  await new Promise<void>((resolve, reject) => far.open((err) => (err ? reject(err) : resolve())));
  far.on('data', (d: Buffer) => fake.receive(d));
  far.on('error', () => undefined);
  fake.out = (bytes) => {
    if (far.isOpen) far.write(bytes);
  };
  let opens = 0;
  const transport: SerialLinkFactory = (o) => {
    opens++;
    return nativeSerialLink(o);
  };
  const clock = new SimulatedClock();
  const port = new V253ModemPort({ line: 'line5', clock, path: pair.a, transport });
  const events: FxoEvent[] = [];
  port.on('event', (e) => events.push(e));
  let unplugged = false;
  return {
    port, events, fake, clock,
    unplug: async () => {
      unplugged = true;
      await pair.stop();
    },
    opens: () => opens,
    until: (pred, what, ms) => pollUntil(pred, what, ms),
    dispose: async () => {
      await port.close();
      if (far.isOpen) await new Promise<void>((resolve) => far.close(() => resolve()));
      if (!unplugged) await pair.stop();
    },
  };
}

const SOCAT = hasSocat();
if (SOCAT) {
  modemContractSuite('V253ModemPort on a socat pty pair (native binding): contract', ptyHarness);
  modemScriptSuite('V253ModemPort on a socat pty pair (native binding): scripted line', ptyHarness);
} else {
  describe.skip('V253ModemPort on a socat pty pair: skipped because socat is not on PATH (apt-get install socat; CI installs it)', () => undefined);
}
