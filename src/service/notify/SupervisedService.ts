import type { DeviceView } from '../health/DeviceView.js';

/**
 * What systemd supervision reads of the running service: cheap views only. The full status
 * (every station's lamp on every line) costs ~28 ms at 64 lines x 500 stations, too much to take
 * on every burst of events for a one-line STATUS.
 */
export interface SupervisedService {
  readonly devices: readonly DeviceView[];
  /** Each line's state name (`idle`, `out-of-service`, …). */
  lineStates(): Iterable<string>;
  /** SIP phones with at least one registration, or null when SIP is off. */
  phonesRegistered(): number | null;
  /** Calls `listener` after each step of the core; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}
