import { afterAll } from 'vitest';
import { V253ModemPort } from './V253ModemPort.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import type { FxoEvent } from '../../contracts/fxo.js';
import { FakeV253Modem } from '../../../test/fakes/modem/FakeV253Modem.js';
import { MockModemBus } from '../../../test/fakes/modem/mockTransport.js';
import { pollUntil } from '../../../test/fakes/modem/ModemHarness.js';
import type { ModemHarness } from '../../../test/fakes/modem/ModemHarness.js';
import { modemContractSuite } from '../../../test/fakes/modem/modemDriverSuite.js';
import { modemScriptSuite } from '../../../test/fakes/modem/modemScriptSuite.js';

let n = 0;
afterAll(() => MockModemBus.reset());

/** A port on serialport's mock binding with a fake USR5637 behind it, on a simulated clock. */
async function mockHarness(): Promise<ModemHarness> {
  const path = `/dev/mock-modem-${++n}`;
  MockModemBus.createPort(path);
  const fake = new FakeV253Modem();
  const bus = new MockModemBus(() => fake);
  const clock = new SimulatedClock();
  const port = new V253ModemPort({ line: 'line5', clock, path, transport: bus.transport });
  const events: FxoEvent[] = [];
  port.on('event', (e) => events.push(e));
  return {
    port, events, fake, clock,
    unplug: async () => bus.unplug(path),
    opens: () => bus.opened.length,
    until: (pred, what, ms) => pollUntil(pred, what, ms),
    dispose: () => port.close(),
  };
}

modemContractSuite('V253ModemPort on the mock binding: contract', mockHarness);
modemScriptSuite('V253ModemPort on the mock binding: scripted line', mockHarness);
