import type { CallLogEntry, ControlEvent, ReloadResult, SimCommand, SystemStatus } from './messages.js';

/**
 * What the control server needs from the key system; the composition root implements it.
 *
 * - Methods MAY throw `ControlError` for expected failures (`NOT_FOUND`, `INVALID_STATE`, `CONFIG`);
 *   anything else is answered as `INTERNAL`, logged, and the server keeps serving.
 * - `status()` MUST return one consistent snapshot taken between two core events.
 * - `subscribe(listener)` MUST call `listener` synchronously for every lamp change and status change
 *   after it returns, and MUST NOT call it after the returned function was called. The server calls
 *   `status()` and `subscribe()` in one tick, so a watcher misses nothing in between.
 * - A `status` event SHOULD follow every step that changed what `status()` shows apart from lamps
 *   (a line's state or call, a station's flags or alerts, a reload), so watchers' captions stay true.
 */
export interface ControlHandler {
  status(): SystemStatus;
  /** The call log, newest last; only the newest `limit` entries when given. */
  calls(limit?: number): Promise<CallLogEntry[]>;
  /** Re-read the configuration (sla.md §11). */
  reload(): Promise<ReloadResult>;
  /** Drive a simulated line or station; the result is passed to the client as is. */
  sim(command: SimCommand): unknown;
  subscribe(listener: (event: ControlEvent) => void): () => void;
}
