import { FRAME_MS, FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';
import { concealFrame, meanLevel } from './concealFrame.js';
import { FramePool } from './FramePool.js';
import { PlayoutRing } from './PlayoutRing.js';
import type { JitterBufferOptions, JitterBufferStats, JitterPacket } from './JitterBufferOptions.js';

const signed16 = (d: number): number => ((d & 0xffff) << 16) >> 16;
const signed32 = (d: number): number => d | 0;
/** Sequence numbers remembered to tell a duplicate of a played packet from a late one. */
const RECENT = 64;
/** A step in sequence numbers beyond these is a renumbered stream, not reordering (RFC 3550 A.1 defaults). */
const MAX_MISORDER = 100;
const MAX_DROPOUT = 3000;

interface Stream {
  ssrc: number;
  /** The RTP timestamp the next pop() plays: advances one frame per pop, except while growing. */
  playTs: number;
  highestSeq: number;
  lastPlayedSeq: number | undefined;
  /** The timestamp of the last frame played: nothing at or before it may play again, whatever a rebase did. */
  lastPlayedTs: number | undefined;
  /** Whether a frame of this stream was played yet: before that, pops give null and conceal nothing. */
  primed: boolean;
  /** The sequence number that confirms a jump seen once (A.1 bad_seq), or -1. */
  badNext: number;
}

/**
 * An adaptive playout buffer for one received RTP stream of 20 ms frames (DESIGN.md: one media
 * clock). `push()` as packets arrive, with their arrival time; `pop()` once per media-clock tick.
 * Pure: time comes in as `arrivalMs`, ticks as pop() calls.
 *
 * Playout runs on the sender's timestamps: a stream starts `target` frames behind its first packet
 * and then plays one timestamp slot per pop, so reordered packets fall into place, duplicates
 * find their slot taken, and a packet whose slot has passed is late and dropped.
 *
 * - Target: the larger of what the jitter estimate asks for (1 + 3·J/20 ms frames) and a floor
 *   that starts at `initialMs`, rises by the lateness of each late packet and comes down one frame
 *   per `decayFrames` without one; always within `minMs..maxMs`.
 * - Growing: the buffer holds (plays concealment, consumes nothing) for as many ticks as the target
 *   rose. In silence — nothing buffered after at least a tick of silence — the next packet in
 *   sequence simply restarts playout at the target, growing or shrinking without a sound.
 * - Shrinking while talking: when for a whole window every packet arrived at least a frame early
 *   and some more than the target, one frame is dropped — a quiet one if one comes soon.
 * - A missing frame is concealed once (the previous frame, faded); longer gaps are silence (null).
 * - A new SSRC restarts the stream at once (hold/resume, transfer); so does a timestamp jump beyond
 *   `maxMs` that comes in sequence or that the next packet confirms. Sequence numbers and
 *   timestamps are compared modulo 2^16 and 2^32, so wrap-around is nothing special.
 * - Frames: `frame()` lends one of the buffer's own frames to decode the next packet into. Such a
 *   frame comes back to the buffer when its packet is refused, when the frame after it has
 *   played, or on reset — so a frame `pop()` returned stays untouched at least until the next
 *   `pop()`, and steady playout allocates nothing. Payloads from elsewhere work as before.
 */
export class JitterBuffer {
  private readonly minFrames: number;
  private readonly maxFrames: number;
  private readonly windowFrames: number;
  private readonly decayFrames: number;
  private readonly quietLevel: number;
  private stream: Stream | undefined;
  /** The buffered frames, by slot after the playout point (`stream.playTs`). */
  private readonly frames: PlayoutRing;
  /** The last RECENT sequence numbers buffered, as a ring (-1: empty), to spot duplicates of played packets. */
  private readonly recent = new Int32Array(RECENT).fill(-1);
  private recentNext = 0;
  private readonly pool: FramePool;
  private readonly giveBack = (frame: Frame): void => this.pool.give(frame);
  private floorFrames: number;
  private jitter = 0;
  /** The previous packet's arrival (NaN: none yet) and timestamp, for the jitter estimate. */
  private lastArrivalMs = Number.NaN;
  private lastArrivalTs = 0;
  private previous: Frame | null = null;
  /** A played frame dropped by reset(), given back at the next pop(). */
  private retired: Frame | null = null;
  private missingRun = 0;
  private pendingHold = 0;
  private sinceLate = 0;
  private readonly window = { pops: 0, pushes: 0, minAhead: Infinity, maxAhead: -Infinity };
  private wantShrink = -1;
  private readonly counts = { played: 0, lost: 0, late: 0, duplicates: 0, concealed: 0, shrunk: 0, grown: 0, resyncs: 0 };

  constructor(options: JitterBufferOptions = {}) {
    const frames = (name: string, ms: number | undefined, fallback: number): number => {
      const value = ms ?? fallback;
      if (!Number.isFinite(value) || value < FRAME_MS || value > 2000) throw new RangeError(`${name} must be ${FRAME_MS}..2000 ms, got ${value}`);
      return Math.round(value / FRAME_MS);
    };
    this.minFrames = frames('minMs', options.minMs, 20);
    this.maxFrames = frames('maxMs', options.maxMs, 200);
    this.floorFrames = frames('initialMs', options.initialMs, 60);
    if (this.maxFrames < this.minFrames) throw new RangeError(`maxMs must be at least minMs (${this.minFrames * FRAME_MS}), got ${options.maxMs}`);
    this.floorFrames = Math.min(Math.max(this.floorFrames, this.minFrames), this.maxFrames);
    this.windowFrames = options.windowFrames ?? 100;
    this.decayFrames = options.decayFrames ?? 250;
    this.quietLevel = options.quietLevel ?? 256;
    if (!Number.isInteger(this.windowFrames) || this.windowFrames < 2) throw new RangeError(`windowFrames must be an integer ≥ 2, got ${this.windowFrames}`);
    if (!Number.isInteger(this.decayFrames) || this.decayFrames < 1) throw new RangeError(`decayFrames must be an integer ≥ 1, got ${this.decayFrames}`);
    // Everything buffered (at most maxFrames ahead), the frame last played, one being decoded, slack.
    this.pool = new FramePool(this.maxFrames + 4);
    this.frames = new PlayoutRing(this.maxFrames + 1);
  }

  /** A frame to decode the next packet into before `push()`: the buffer's own, recycled (see the class comment). */
  frame(): Frame {
    return this.pool.take();
  }

  /** The delay aimed at, in frames. */
  private get targetFrames(): number {
    const fromJitter = 1 + Math.ceil((3 * this.jitter) / FRAME_MS);
    return Math.min(this.maxFrames, Math.max(this.minFrames, this.floorFrames, fromJitter));
  }

  /** One arrived packet. Misuse (a payload of another length, fields out of range) throws. */
  push(packet: JitterPacket, arrivalMs: number): void {
    const { sequence, timestamp, payload } = packet;
    if (payload.length !== FRAME_SAMPLES) throw new RangeError(`payload must hold ${FRAME_SAMPLES} samples, got ${payload.length}`);
    if (!Number.isInteger(sequence) || sequence < 0 || sequence > 0xffff) throw new RangeError(`sequence must be 0..65535, got ${sequence}`);
    if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > 0xffffffff) throw new RangeError(`timestamp must be 0..2^32-1, got ${timestamp}`);
    if (!Number.isFinite(arrivalMs)) throw new RangeError(`arrivalMs must be finite, got ${arrivalMs}`);

    if (!this.accept(packet, arrivalMs)) this.pool.give(payload);
  }

  /** push()'s decision: whether the packet's frame was kept. */
  private accept(packet: JitterPacket, arrivalMs: number): boolean {
    const { ssrc, sequence, timestamp } = packet;
    const s = this.stream;
    if (s === undefined || s.ssrc !== ssrc) {
      this.restart(packet, arrivalMs, s !== undefined);
      return true;
    }
    if (this.seenRecently(sequence)) {
      this.counts.duplicates += 1;
      return false;
    }
    const seqDelta = signed16(sequence - s.highestSeq);
    if (seqDelta > MAX_DROPOUT || seqDelta < -MAX_MISORDER) {
      // Far out of sequence: a stray, unless the next packet follows it (A.1's bad_seq); then the
      // sender renumbered without a new SSRC and the stream restarts with the new numbering.
      if (sequence === s.badNext) {
        this.restart(packet, arrivalMs, true, false);
        return true;
      }
      s.badNext = (sequence + 1) & 0xffff;
      this.counts.late += 1;
      return false;
    }
    const inOrder = seqDelta > 0;
    const ahead = Math.round(signed32(timestamp - s.playTs) / FRAME_SAMPLES);

    if (ahead > this.maxFrames || ahead < -this.maxFrames) {
      // Out of reach: a timestamp jump (resume without a new SSRC) if in sequence or confirmed by
      // the packet after it; a stray old packet otherwise.
      if (inOrder || sequence === s.badNext) {
        this.restart(packet, arrivalMs, true);
        return true;
      }
      s.badNext = (sequence + 1) & 0xffff;
      this.counts.late += 1;
      return false;
    }
    s.badNext = -1;
    const passed = (s.lastPlayedSeq !== undefined && signed16(sequence - s.lastPlayedSeq) <= 0)
      || (s.lastPlayedTs !== undefined && signed32(timestamp - s.lastPlayedTs) <= 0);
    if (passed) {
      // Older than what already played (possible after a rebase moved the playout point back).
      this.late(Math.max(1, -ahead), true);
      return false;
    }
    const idle = this.frames.size === 0 && (this.missingRun >= 2 || !s.primed);
    if (inOrder && idle) {
      // A talkspurt after silence: start it at the target delay (grow or shrink unheard). One that
      // comes after its slot may be a delay spike or a sender whose clock stood still in the
      // silence: it raises the target by one frame only.
      if (ahead < 0) this.late(1, false);
      if (ahead !== this.targetFrames) {
        s.playTs = (timestamp - this.targetFrames * FRAME_SAMPLES) >>> 0;
        this.pendingHold = 0;
        this.resetWindow();
      }
      this.insert(packet, arrivalMs);
      return true;
    }
    if (ahead < 0) {
      this.late(-ahead, true);
      return false;
    }
    if (this.frames.frame(ahead) !== null) {
      this.counts.duplicates += 1;
      return false;
    }
    this.window.pushes += 1;
    this.window.minAhead = Math.min(this.window.minAhead, ahead);
    this.window.maxAhead = Math.max(this.window.maxAhead, ahead);
    this.insert(packet, arrivalMs);
    return true;
  }

  /** The frame for this tick, or null for silence (before the stream starts, and after one concealed frame). */
  pop(): Frame | null {
    this.pool.give(this.retired);
    this.retired = null;
    const s = this.stream;
    if (s === undefined) return null;
    this.tickWindow();
    if (this.pendingHold > 0 && this.depthFrames() < this.maxFrames) {
      this.pendingHold -= 1;
      this.counts.grown += 1;
      return s.primed ? this.missing() : null;
    }
    const frames = this.frames;
    const current = frames.frame(0);
    if (current !== null && this.wantShrink >= 0) {
      if (frames.frame(1) !== null && (meanLevel(current) < this.quietLevel || this.wantShrink >= this.windowFrames / 4)) {
        this.pool.give(this.consume(s));
        this.counts.shrunk += 1;
        this.wantShrink = -1;
        this.resetWindow();
      } else {
        this.wantShrink += 1;
      }
    }
    if (frames.frame(0) !== null) {
      const played = this.consume(s);
      s.primed = true;
      this.missingRun = 0;
      this.pool.give(this.previous); // played a tick ago or more: the caller is done with it
      this.previous = played;
      this.counts.played += 1;
      return played;
    }
    s.playTs = (s.playTs + FRAME_SAMPLES) >>> 0;
    frames.advance();
    return s.primed ? this.missing() : null;
  }

  /** Forgets the stream (the frames buffered, its numbering); the learnt target and the counters stay. */
  reset(): void {
    this.stream = undefined;
    this.clearFrames();
    // The caller may still hold the frame last played: it goes back at the next pop().
    if (this.previous !== null) this.retired = this.previous;
    this.previous = null;
    this.missingRun = 0;
    this.pendingHold = 0;
    this.wantShrink = -1;
    this.lastArrivalMs = Number.NaN;
    this.resetWindow();
  }

  stats(): JitterBufferStats {
    return { ...this.counts, depthMs: this.depthFrames() * FRAME_MS, targetMs: this.targetFrames * FRAME_MS, jitterMs: this.jitter };
  }

  /** A frame was due and is not here: conceal the first, then silence. */
  private missing(): Frame | null {
    this.missingRun += 1;
    if (this.missingRun > 1 || this.previous === null) return null;
    this.counts.concealed += 1;
    return concealFrame(this.previous);
  }

  /** Takes the frame at the playout point (there is one) out and moves on, counting the sequence numbers skipped before it as lost. */
  private consume(s: Stream): Frame {
    const sequence = this.frames.sequence(0);
    const frame = this.frames.take() as Frame;
    this.frames.advance();
    s.lastPlayedTs = s.playTs;
    s.playTs = (s.playTs + FRAME_SAMPLES) >>> 0;
    if (s.lastPlayedSeq !== undefined) {
      const gap = signed16(sequence - s.lastPlayedSeq) - 1;
      if (gap > 0) this.counts.lost += gap;
    }
    if (s.lastPlayedSeq === undefined || signed16(sequence - s.lastPlayedSeq) > 0) s.lastPlayedSeq = sequence;
    return frame;
  }

  /** A packet `frames` frames too late: the target grows by as much. */
  private late(frames: number, dropped: boolean): void {
    if (dropped) this.counts.late += 1;
    const before = this.targetFrames;
    this.floorFrames = Math.min(this.maxFrames, before + frames);
    this.sinceLate = 0;
    if (dropped) this.pendingHold += this.targetFrames - before;
  }

  private insert(packet: JitterPacket, arrivalMs: number): void {
    const s = this.stream;
    if (s === undefined) return;
    const ahead = Math.round(signed32(packet.timestamp - s.playTs) / FRAME_SAMPLES);
    this.frames.put(ahead, packet.sequence, packet.payload);
    if (signed16(packet.sequence - s.highestSeq) > 0) s.highestSeq = packet.sequence;
    this.remember(packet.sequence);
    this.updateJitter(packet.timestamp, arrivalMs);
  }

  /** RFC 3550 §6.4.1's estimator, in ms: J += (|D| − J) / 16. */
  private updateJitter(timestamp: number, arrivalMs: number): void {
    if (!Number.isNaN(this.lastArrivalMs)) {
      const d = arrivalMs - this.lastArrivalMs - signed32(timestamp - this.lastArrivalTs) / 8;
      this.jitter += (Math.min(Math.abs(d), 1000) - this.jitter) / 16;
    }
    this.lastArrivalMs = arrivalMs;
    this.lastArrivalTs = timestamp;
  }

  /** Starts the stream afresh from `packet`; the loss count carries on across a jump in the same numbering. */
  private restart(packet: JitterPacket, arrivalMs: number, resync: boolean, sameNumbering = true): void {
    const keep = sameNumbering && this.stream?.ssrc === packet.ssrc ? this.stream.lastPlayedSeq : undefined;
    this.reset();
    if (resync) this.counts.resyncs += 1;
    this.stream = {
      ssrc: packet.ssrc,
      playTs: (packet.timestamp - this.targetFrames * FRAME_SAMPLES) >>> 0,
      highestSeq: packet.sequence,
      lastPlayedSeq: keep,
      lastPlayedTs: undefined,
      primed: false,
      badNext: -1,
    };
    this.insert(packet, arrivalMs);
  }

  /** Whether `sequence` is among the last RECENT buffered (a plain loop: `includes` on a typed array is a slow runtime call in V8). */
  private seenRecently(sequence: number): boolean {
    const recent = this.recent;
    for (let i = 0; i < RECENT; i += 1) if (recent[i] === sequence) return true;
    return false;
  }

  private remember(sequence: number): void {
    this.recent[this.recentNext] = sequence;
    this.recentNext = (this.recentNext + 1) % RECENT;
  }

  private clearFrames(): void {
    this.frames.clear(this.giveBack);
    this.recent.fill(-1);
    this.recentNext = 0;
  }

  /** Per pop: the shrink window and the decay of the late floor. */
  private tickWindow(): void {
    this.sinceLate += 1;
    if (this.sinceLate >= this.decayFrames) {
      this.sinceLate = 0;
      if (this.floorFrames > this.minFrames) this.floorFrames -= 1;
    }
    const w = this.window;
    w.pops += 1;
    if (w.pops < this.windowFrames) return;
    if (w.pushes >= this.windowFrames / 2) {
      const target = this.targetFrames;
      if (w.minAhead >= 1 && w.maxAhead > target && this.wantShrink < 0) this.wantShrink = 0;
      else if (w.maxAhead < target && this.pendingHold === 0) this.pendingHold = target - w.maxAhead;
    }
    this.resetWindow();
  }

  private resetWindow(): void {
    const w = this.window;
    w.pops = 0;
    w.pushes = 0;
    w.minAhead = Infinity;
    w.maxAhead = -Infinity;
  }

  /** Frames from the playout point to the newest buffered one, inclusive. */
  private depthFrames(): number {
    return this.stream === undefined ? 0 : this.frames.newest() + 1;
  }
}
