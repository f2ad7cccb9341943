import type { CallerId } from './callerId.js';
import type { CallStep } from './callRecord.js';
import type { AppearanceDef, GeneralOptions, HoldKind, LineDef, LineOptions } from './options.js';
import type { Instant } from './time.js';

/** An appearance of this line as the line actor sees it: the station's own hold kind travels with it. */
export interface LineAppearance extends AppearanceDef {
  station: string;
  stationHold: HoldKind;
}

export interface Holder {
  station: string;
  private: boolean;
  since: Instant;
}

/**
 * One station's ring (or recall) state for the current line call (sla.md §3.2, §4.2, §4.3).
 * `window`: pending until the ring delay passes, open while the station should be alerted,
 * closed for the rest of the call once its ring timeout passes or it declines. A value: changed
 * only by copying, so stations may share one (ringEntries.ts).
 */
export interface RingEntry {
  readonly window: 'pending' | 'open' | 'closed';
  readonly openAt: Instant;
  readonly closeAt: Instant | null;
  readonly declined: boolean;
  readonly failures: number;
  /** Waiting for a retry after a failed alert; `null` when not waiting. */
  readonly retryAt: Instant | null;
}

export interface LineCall {
  id: string;
  seq: number;
  direction: 'in' | 'out';
  callerId: CallerId | null;
  /** Received, reported absent, waited for long enough, or not wanted (sla.md §4.3). */
  callerIdReady: boolean;
  digits: string;
  glare: boolean;
  t0: Instant;
  answeredAt: Instant | null;
  answeredBy: string | null;
  /** The options snapshot taken at the call's start: a reload never changes a call in progress (§11). */
  opts: LineOptions;
  connected: string[];
  holders: Holder[];
  seizer: string | null;
  /** Ring windows while ringing; recall alerts while held (recall, escalated). Copied on write. */
  ring: ReadonlyMap<string, RingEntry>;
  offHookSentAt: Instant | null;
  offHookConfirmed: boolean;
  heldSince: Instant | null;
  recallStartedAt: Instant | null;
  /** A forward leg to the no-answer target exists (ringing.forwarding or forwarded). */
  forwardLeg: boolean;
  /** The outcome a normal release records: `forwarded` once the forward target answered. */
  outcomeHint: 'forwarded' | null;
  steps: CallStep[];
}

export interface LineContext {
  def: LineDef;
  appearances: LineAppearance[];
  general: GeneralOptions;
  /** Whether the port reports CO dial tone; if not, its off-hook confirmation completes a seizure (§6.3). */
  dialToneDetect: boolean;
  /** The last call sequence number used on this line (persisted by the composition root). */
  seq: number;
  portReady: boolean;
  battery: boolean;
  /** When the port was last put on-hook: the on-hook guard counts from here (§6.2). */
  onHookAt: Instant | null;
  /** What the core last commanded the port: invariant 2 of sla.md §3.4 is checked against it. */
  portCommanded: 'on' | 'off';
  call: LineCall | null;
}

/** What a line actor starts from: its context before any command or call. */
export type LineInput = Omit<LineContext, 'portCommanded' | 'call'>;
