import fc from 'fast-check';
import { MAX_PAYLOAD } from '../../../hal/codecs/klb/constants.js';
import type { KlbFrame } from '../../../hal/codecs/klb/KlbFrame.js';

/** Any KLB/1 frame the encoder accepts, for property tests. */
export const frameArb: fc.Arbitrary<KlbFrame> = fc.record({
  ver: fc.integer({ min: 0, max: 255 }),
  type: fc.integer({ min: 0, max: 255 }),
  seq: fc.integer({ min: 0, max: 0xffff }),
  flags: fc.integer({ min: 0, max: 255 }),
  ch: fc.integer({ min: 0, max: 255 }),
  ts: fc.integer({ min: 0, max: 0xffffffff }),
  payload: fc.uint8Array({ maxLength: MAX_PAYLOAD }),
});
