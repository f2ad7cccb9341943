/** Why a subscription ended with a final NOTIFY: the `reason` of `Subscription-State: terminated` (RFC 6665 §4.1.3). */
export type FinalReason = 'timeout' | 'noresource' | 'deactivated';

/**
 * Why a subscription ended without one: the subscriber answered 481 (`gone`), a NOTIFY timed out
 * (`notify-timeout`, when timeouts end subscriptions), NOTIFYs kept failing (`unreachable`), or
 * the notifier or its dialog was disposed (`disposed`).
 */
export type DropReason = 'gone' | 'notify-timeout' | 'unreachable' | 'disposed';

/** One subscription for status (`keyline status`): who watches which view, and how it goes. */
export interface SubscriptionRow {
  id: string;
  /** The authenticated station that subscribed; null for an unknown subscriber. */
  subscriber: string | null;
  /** Whose lamps it shows; null: the outsider view. */
  viewer: string | null;
  line: string;
  /** Seconds until it expires unless refreshed. */
  expiresIn: number;
  /** The version of the last NOTIFY sent; null before the first. */
  version: number | null;
  state: 'active' | 'ending';
  /** A NOTIFY is awaiting its answer. */
  notifying: boolean;
  /** NOTIFYs failed in a row. */
  failures: number;
}

/** The subscription dialog as RFC 3261 §12 defines its state: what a NOTIFY after a restart needs. */
export interface DialogRecord {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** The CSeq of our last request in the dialog (null: none yet). */
  localSeq: number | null;
  remoteSeq: number | null;
  localUri: string;
  remoteUri: string;
  /** The subscriber's Contact: the Request-URI of every NOTIFY. */
  remoteTarget: string;
  /** Record-Route values, in the order our requests carry them as Route. */
  routeSet: string[];
}

/**
 * A subscription as `Notifier.export()` gives it and `Notifier.import()` resumes it (presence.md
 * §4: watcher dialogs are persisted, so NOTIFYs continue after a restart). Expiry is wall-clock
 * time, since the monotonic clock does not survive a restart.
 */
export interface SubscriptionRecord {
  subscriber: string | null;
  viewer: string | null;
  line: string;
  /** The `Event` value echoed in every NOTIFY (`dialog`, or `dialog;id=…`). */
  event: string;
  /** The version the next NOTIFY carries (lamps.md §4.4: never reset while the subscription lives). */
  nextVersion: number;
  /** When it expires, in wall-clock milliseconds since the epoch. */
  expiresAtWall: number;
  dialog: DialogRecord;
}
