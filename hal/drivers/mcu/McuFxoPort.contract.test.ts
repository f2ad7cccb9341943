import { mcuContractSuite } from '../../../test/fakes/mcu/mcuContractSuite.js';
import { mcuRig } from '../../../test/fakes/mcu/mcuRig.js';

// The board-independent scenarios on the fake board; McuFxoPort.hardware.test.ts runs them on a real one.
mcuContractSuite('mcu-si3050 contract on the fake board', async () => {
  const rig = mcuRig();
  return {
    port: rig.port('line1'),
    wait: (ms) => rig.advance(ms),
    boardOffHook: () => rig.fake.channels[0]?.off === true,
    dispose: async () => {
      for (const p of rig.ports.values()) await p.close();
    },
  };
});
