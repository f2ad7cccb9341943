import type { CallerId } from './callerId.js';
import type { Lamp } from './lamp.js';
import type { CallRecord } from './callRecord.js';

/** Why a station's request was refused (sla.md §5.4). */
export type RefusalReason = 'no-appearance' | 'no-line' | 'busy' | 'lost-race' | 'private' | 'unavailable' | 'failed';

export interface AlertInfo {
  station: string;
  line: string;
  call: string;
  kind: 'ring' | 'recall';
  /** Present when the line sends caller ID; a withheld caller is `{ withheld }`. */
  callerId: CallerId | null;
  label: string;
}

/** One appearance's lamp changed. `station: null` is the outsider view (lamp fields, lamps.md §2). */
export interface LampChange {
  station: string | null;
  line: string;
  /** `null`: the appearance was removed by a reload. */
  lamp: Lamp | null;
}

/** Something worth a log line that is not an effect (a ring on a busy line, glare, a deferred reload). */
export interface CoreNote {
  line?: string;
  station?: string;
  event: string;
  detail?: string;
}

/**
 * The key system's outputs (sla.md §3.3), named and supplied at the composition root (STYLE.md 7).
 * Within one step the core calls them in this order: alerts stopped, the lines' own effects in
 * the order the spec's steps name them, alerts started, lamps changed.
 */
export interface KeySystemEffects {
  portOffHook(line: string): void;
  portOnHook(line: string): void;
  portDial(line: string, digits: string): void;
  alertStart(alert: AlertInfo): void;
  alertStop(alert: AlertInfo): void;
  audioConnect(station: string, line: string): void;
  audioDisconnect(station: string, line: string): void;
  legEnd(station: string, line: string): void;
  refuse(station: string, reason: RefusalReason, line: string | null): void;
  toneJoin(line: string): void;
  mohStart(line: string, source: string): void;
  mohStop(line: string): void;
  forwardStart(line: string, target: string, callerId: CallerId | null): void;
  forwardEnd(line: string): void;
  lamp(change: LampChange): void;
  callStarted(record: CallRecord): void;
  callEnded(record: CallRecord): void;
  note(note: CoreNote): void;
}
