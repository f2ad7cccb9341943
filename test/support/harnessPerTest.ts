import { afterEach } from 'vitest';
import { ServiceHarness } from './ServiceHarness.js';

/**
 * A `start` for the calling test file: each harness it starts is disposed after the test that
 * started it (call at the top level of the file, where `afterEach` registers).
 */
export function harnessPerTest(): (o?: Parameters<typeof ServiceHarness.start>[0]) => Promise<ServiceHarness> {
  const harnesses: ServiceHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.dispose();
  });
  return async (o = {}) => {
    const h = await ServiceHarness.start(o);
    harnesses.push(h);
    return h;
  };
}
