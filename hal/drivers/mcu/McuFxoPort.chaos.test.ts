import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mcuRig } from '../../../test/fakes/mcu/mcuRig.js';

type Action =
  | { k: 'off' } | { k: 'on' } | { k: 'ring'; on: boolean } | { k: 'garbage'; bytes: Uint8Array }
  | { k: 'corrupt' } | { k: 'dropAck' } | { k: 'wait'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constant({ k: 'off' as const }),
  fc.constant({ k: 'on' as const }),
  fc.record({ k: fc.constant('ring' as const), on: fc.boolean() }),
  fc.record({ k: fc.constant('garbage' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 80 }) }),
  fc.constant({ k: 'corrupt' as const }),
  fc.constant({ k: 'dropAck' as const }),
  fc.record({ k: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 1500 }) }),
);

// Line noise, single CRC errors and single lost ACKs in any order, with hook commands and ring
// edges in between: each is below what the link repeats through, so nothing may be lost.
describe('McuFxoPort under line noise', () => {
  it('property: commands all complete, every ring edge arrives once, host and board agree on the hook', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { maxLength: 25 }), async (actions) => {
      const rig = mcuRig();
      const p = rig.port('line1');
      await p.open();
      const outcomes: Array<Promise<string>> = [];
      let rings = 0;
      for (const a of actions) {
        if (a.k === 'off' || a.k === 'on') outcomes.push((a.k === 'off' ? p.offHook() : p.onHook()).then(() => 'ok', (e: Error) => e.message));
        else if (a.k === 'ring') {
          rig.fake.ring(0, a.on, a.on ? 0 : 400);
          rings++;
        } else if (a.k === 'garbage') rig.fake.garbage(a.bytes);
        else if (a.k === 'corrupt') rig.fake.corruptNext = 1;
        else if (a.k === 'dropAck') rig.fake.dropAckReq = 1;
        else await rig.advance(a.ms);
        await rig.flush();
      }
      await rig.advance(5000);
      expect(await Promise.all(outcomes)).toEqual(outcomes.map(() => 'ok'));
      const log = rig.log.get('line1') ?? [];
      expect(log.filter((e) => e.type === 'lost')).toEqual([]);
      expect(log.filter((e) => e.type === 'ringBurst')).toHaveLength(rings);
      expect(p.health).toBe('ready');
      expect(p.hook).toBe(rig.fake.channels[0]?.off ? 'off' : 'on');
      const hooks = log.filter((e) => e.type === 'hook');
      if (hooks.length > 0) expect(hooks.at(-1)).toMatchObject({ offHook: p.hook === 'off' });
      rig.fake.corruptNext = 0;
      rig.fake.dropAckReq = 0;
      for (const port of rig.ports.values()) await port.close();
    }), { numRuns: 40, timeout: 5000 });
  }, 60_000);
});
