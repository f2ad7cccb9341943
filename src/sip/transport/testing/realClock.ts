import type { SipClock } from '../../types.js';

/** Test-only: a SipClock on Node's timers, for end-to-end tests over real sockets. */
export const realClock: SipClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
