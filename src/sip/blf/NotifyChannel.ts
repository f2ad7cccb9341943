import type { NotifyOutcome } from './notifyOutcome.js';

/**
 * Where a subscription's NOTIFYs go: its dialog. `send` MUST call `done` exactly once, later
 * (never inside `send`), with the NOTIFY's outcome; it MUST NOT be called again before that.
 * After `close` nothing is sent and no in-dialog request reaches the subscription.
 */
export interface NotifyChannel {
  /** `subscriptionState`: the Subscription-State value; `body`: a dialog-info document or null. */
  send(subscriptionState: string, body: string | null, done: (outcome: NotifyOutcome) => void): void;
  close(): void;
}
