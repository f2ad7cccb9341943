import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame, FrameSource } from '../Frame.js';
import { ConferenceMember } from './ConferenceMember.js';
import type { ConferenceMemberOptions } from './ConferenceMember.js';
import type { InjectOptions } from './InjectOptions.js';

interface Slot {
  readonly member: ConferenceMember;
  /** What the member contributes this tick: its frame if it speaks and had one, else null. */
  frame: Frame | null;
  /** Its own mix (everyone but itself), made the first time it is needed and reused. */
  out: Int16Array | null;
  /** Where `frame` sits in this tick's list of active frames (-1: not there). */
  rank: number;
  removed: boolean;
}

interface Injection {
  readonly source: FrameSource;
  ended: boolean;
}

/** out = saturate(a + b), sample by sample. */
function addSaturated(out: Int16Array, a: Frame, b: Frame): Int16Array {
  for (let s = 0; s < FRAME_SAMPLES; s += 1) {
    const v = (a[s] as number) + (b[s] as number);
    out[s] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/**
 * A line conference: the far end and the connected stations of one line (sla.md §7). Each
 * `tick()` (one per media-clock tick) reads every participant's source once, and writes to every
 * participant that hears the sum of all the OTHERS' frames, saturated to int16 — never its own
 * audio, never a wrapped sum.
 *
 * - With two speakers each hears exactly the other's frame: the same array, no copy, no delay.
 *   Whenever one frame is all a participant hears, that frame is passed on as it is, and
 *   silence is one shared array. Sinks MUST therefore treat written frames as read-only (and
 *   MUST NOT keep them past `write()`, per `FrameSink`).
 * - A null frame (nothing this tick) is silence and costs nothing; sums are taken only when three
 *   or more frames meet.
 * - Every source is read once per tick whatever the member's flags, so a queue behind it (a
 *   jitter buffer) never backs up; a member that does not speak is simply not mixed.
 * - `add()`/`remove()` MAY be called at any time, also from a sink during `tick()`: a member
 *   added during a tick takes part from the next; one removed gets nothing more.
 * - `inject(source, { to: 'all' })` plays a one-shot source (the join tone) to every participant
 *   that hears, until the source returns null or the returned function is called.
 * - A source that returns a frame of the wrong length is a programming error: `tick()` throws.
 *
 * Buffers are allocated once (a 160-sample Int32 sum, a shared mix, one output per speaker that
 * needs its own), so a tick allocates nothing.
 */
export class Conference {
  private slots: Slot[] = [];
  private injections: Injection[] = [];
  /** This tick's frames, the first `activeCount` of them (the array is reused: setting `length` is a slow runtime call in V8). */
  private readonly active: (Frame | null)[] = [];
  private activeCount = 0;
  /** Whether a member was removed or an injection ended during the tick, so the lists need tidying after it. */
  private untidy = false;
  private readonly sum = new Int32Array(FRAME_SAMPLES);
  private readonly mixAll = new Int16Array(FRAME_SAMPLES);
  private readonly quiet = new Int16Array(FRAME_SAMPLES);
  private ticking = false;
  private added = 0;

  /** Adds a participant; returns its handle (its `speaks`/`hears` flags can be changed later). */
  add(options: ConferenceMemberOptions): ConferenceMember {
    const member = new ConferenceMember(options, (this.added += 1));
    this.slots.push({ member, frame: null, out: null, rank: -1, removed: false });
    return member;
  }

  /** Removes a participant. Removing one that is not (or no longer) here does nothing. */
  remove(member: ConferenceMember): void {
    const index = this.slots.findIndex((s) => s.member === member && !s.removed);
    if (index < 0) return;
    const slot = this.slots[index];
    if (slot === undefined) return;
    slot.removed = true;
    if (this.ticking) this.untidy = true;
    else this.slots.splice(index, 1);
  }

  /** Plays `source` to every participant that hears until it returns null; returns a stop function. */
  inject(source: FrameSource, options: InjectOptions): () => void {
    if (options.to !== 'all') throw new RangeError(`inject: to must be 'all', got ${String(options.to)}`);
    const injection: Injection = { source, ended: false };
    this.injections.push(injection);
    return () => {
      if (injection.ended) return;
      injection.ended = true;
      if (this.ticking) this.untidy = true;
      else this.injections = this.injections.filter((i) => i !== injection);
    };
  }

  /** Participants, in the order they were added. */
  get members(): ConferenceMember[] {
    return this.slots.filter((s) => !s.removed).map((s) => s.member);
  }

  get size(): number {
    return this.members.length;
  }

  tick(): void {
    this.ticking = true;
    try {
      const n = this.slots.length;
      const count = this.gather(n);
      const first = count > 0 ? (this.active[0] ?? null) : null;
      const second = count > 1 ? (this.active[1] ?? null) : null;
      let summed = false;
      let mixedAll = false;
      for (let i = 0; i < n; i += 1) {
        const slot = this.slots[i];
        if (slot === undefined || slot.removed || !slot.member.hears || slot.member.sink === null) continue;
        const own = slot.frame;
        const others = own === null ? count : count - 1;
        let frame: Frame;
        if (others === 0) {
          frame = this.quiet;
        } else if (others === 1) {
          frame = (own === null || slot.rank !== 0 ? first : second) as Frame;
        } else if (others === 2 && own !== null) {
          // A three-party line (the far end and two stations, the usual barge): the two others
          // added straight into this member's buffer, one pass instead of a shared sum and a subtraction.
          const third = this.active[2] as Frame;
          slot.out ??= new Int16Array(FRAME_SAMPLES);
          frame = slot.rank === 0 ? addSaturated(slot.out, second as Frame, third) : slot.rank === 1 ? addSaturated(slot.out, first as Frame, third) : addSaturated(slot.out, first as Frame, second as Frame);
        } else {
          if (!summed) {
            this.sumActive(count);
            summed = true;
          }
          if (own === null) {
            if (!mixedAll) {
              this.saturateInto(this.mixAll, null);
              mixedAll = true;
            }
            frame = this.mixAll;
          } else {
            slot.out ??= new Int16Array(FRAME_SAMPLES);
            frame = this.saturateInto(slot.out, own);
          }
        }
        slot.member.sink.write(frame);
      }
    } finally {
      this.ticking = false;
      for (let k = 0; k < this.activeCount; k += 1) this.active[k] = null; // hold no member's frame past the tick
      this.activeCount = 0;
      if (this.untidy) {
        this.untidy = false;
        this.slots = this.slots.filter((s) => !s.removed);
        this.injections = this.injections.filter((i) => !i.ended);
      }
    }
  }

  /** Reads every source once; fills `active` with this tick's frames; returns how many. */
  private gather(n: number): number {
    this.activeCount = 0;
    for (let i = 0; i < n; i += 1) {
      const slot = this.slots[i];
      if (slot === undefined || slot.removed) continue;
      const frame = slot.member.source === null ? null : slot.member.source.read();
      if (frame !== null && frame.length !== FRAME_SAMPLES) {
        throw new RangeError(`conference: ${slot.member.name}'s source gave ${frame.length} samples, not ${FRAME_SAMPLES}`);
      }
      slot.frame = slot.member.speaks ? frame : null;
      slot.rank = slot.frame === null ? -1 : this.addActive(slot.frame);
    }
    for (const injection of this.injections) {
      if (injection.ended) continue;
      const frame = injection.source.read();
      if (frame === null) {
        injection.ended = true;
        this.untidy = true;
        continue;
      }
      if (frame.length !== FRAME_SAMPLES) throw new RangeError(`conference: an injected source gave ${frame.length} samples, not ${FRAME_SAMPLES}`);
      this.addActive(frame);
    }
    return this.activeCount;
  }

  /** Appends to this tick's frames; returns the frame's rank. */
  private addActive(frame: Frame): number {
    const rank = this.activeCount;
    if (rank < this.active.length) this.active[rank] = frame;
    else this.active.push(frame);
    this.activeCount = rank + 1;
    return rank;
  }

  private sumActive(count: number): void {
    const sum = this.sum;
    const a = this.active[0] as Frame;
    for (let s = 0; s < FRAME_SAMPLES; s += 1) sum[s] = a[s] as number;
    for (let k = 1; k < count; k += 1) {
      const f = this.active[k] as Frame;
      for (let s = 0; s < FRAME_SAMPLES; s += 1) sum[s] = (sum[s] as number) + (f[s] as number);
    }
  }

  /** Writes saturate(sum - own) (or saturate(sum) when own is null) into `out`. */
  private saturateInto(out: Int16Array, own: Frame | null): Int16Array {
    const sum = this.sum;
    if (own === null) {
      for (let s = 0; s < FRAME_SAMPLES; s += 1) {
        const v = sum[s] as number;
        out[s] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    } else {
      for (let s = 0; s < FRAME_SAMPLES; s += 1) {
        const v = (sum[s] as number) - (own[s] as number);
        out[s] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
    return out;
  }
}
