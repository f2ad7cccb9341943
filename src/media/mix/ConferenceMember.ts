import type { FrameSink, FrameSource } from '../Frame.js';

/** How a participant joins a conference. */
export interface ConferenceMemberOptions {
  /** What the participant says; null for one that never speaks (a recorder, a lamp-only panel). */
  source: FrameSource | null;
  /** What the participant hears; null for one that never listens. */
  sink: FrameSink | null;
  /** Heard by the others (default true). False: muted, or listen-only. */
  speaks?: boolean;
  /** Hears the others (default true). */
  hears?: boolean;
  /** Names the participant in errors and logs. */
  name?: string;
}

/**
 * One participant of a `Conference`, as returned by `add()`. `speaks` and `hears` MAY be changed
 * at any time and take effect at the next tick: a held phone is `speaks = hears = false` (it
 * neither hears nor is heard, and its source is still read and discarded so it never backs up);
 * a listen-only participant is `speaks = false`.
 */
export class ConferenceMember {
  speaks: boolean;
  hears: boolean;
  readonly name: string;
  readonly source: FrameSource | null;
  readonly sink: FrameSink | null;
  constructor(options: ConferenceMemberOptions, index: number) {
    this.source = options.source;
    this.sink = options.sink;
    this.speaks = options.speaks ?? true;
    this.hears = options.hears ?? true;
    this.name = options.name ?? `member${index}`;
  }
}
