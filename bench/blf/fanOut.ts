import type { NotifySeen } from './WatcherLog.js';

/** One fan-out: from its trigger to the last of the watchers' NOTIFYs in the awaited state. */
export interface FanOut {
  /** Wall-clock ms of the trigger (ring validated in keyline; PUBLISH sent to Kamailio). */
  trigger: number;
  /** keyline only: when the `sim ring` command was written to the control socket. */
  command: number | null;
  /** NOTIFYs in the state, and how many distinct watchers they reached. */
  count: number;
  watchers: number;
  first: number;
  last: number;
}

export function fanOut(seen: readonly NotifySeen[], state: string, trigger: number, command: number | null): FanOut {
  const hits = seen.filter((s) => s.state === state);
  const ts = hits.map((s) => s.t);
  return {
    trigger, command, count: hits.length, watchers: new Set(hits.map((s) => s.call)).size,
    first: ts.length ? Math.min(...ts) : NaN, last: ts.length ? Math.max(...ts) : NaN,
  };
}

/** ms from the trigger to the last NOTIFY. */
export const spanMs = (f: FanOut) => f.last - f.trigger;

/** NOTIFYs per second over the whole fan-out, trigger to last NOTIFY. */
export const rate = (f: FanOut) => f.count / ((f.last - f.trigger) / 1000);
