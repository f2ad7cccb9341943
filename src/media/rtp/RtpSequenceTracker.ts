/**
 * RFC 3550 A.1 `update_seq` and the A.3 loss counts, for one source's sequence numbers.
 *
 * A new source is on probation until `minSequential` packets arrive in sequence; only then does
 * `update()` accept packets. After that, a jump forward of less than `maxDropout` is accepted
 * (counting a wrap in `cycles`), a step back of up to `maxMisorder` is a duplicate or a late
 * packet (accepted, `max` unchanged), and anything else is a "bad" jump: refused, unless the next
 * packet follows it in sequence, when the source is taken to have restarted and all counts begin
 * again from it.
 *
 * One deliberate change to the RFC's C: its probation test `seq == max_seq + 1` is done with
 * `max_seq` promoted to int, so a source whose first packets are 65535, 0 never validates; here
 * the comparison wraps.
 */
export interface RtpSequenceTrackerOptions {
  /** A.1 MAX_DROPOUT: the largest forward jump taken as loss (default 3000). */
  maxDropout?: number;
  /** A.1 MAX_MISORDER: the largest step back taken as a late packet (default 100). */
  maxMisorder?: number;
  /** A.1 MIN_SEQUENTIAL: packets in sequence before a new source is valid (default 2, at least 1). */
  minSequential?: number;
}

const SEQ_MOD = 0x10000;

export class RtpSequenceTracker {
  private readonly maxDropout: number;
  private readonly maxMisorder: number;
  private readonly minSequential: number;
  private started = false;
  private probationLeft: number;
  private maxSeq = 0;
  private cycleCount = 0;
  private baseSeq = 0;
  private badSeq = SEQ_MOD + 1;
  private receivedCount = 0;
  private receivedPrior = 0;
  private expectedPrior = 0;

  constructor(options: RtpSequenceTrackerOptions = {}) {
    this.maxDropout = options.maxDropout ?? 3000;
    this.maxMisorder = options.maxMisorder ?? 100;
    this.minSequential = options.minSequential ?? 2;
    if (!Number.isInteger(this.maxDropout) || this.maxDropout < 1 || this.maxDropout >= SEQ_MOD / 2) throw new RangeError(`maxDropout must be 1..32767, got ${this.maxDropout}`);
    if (!Number.isInteger(this.maxMisorder) || this.maxMisorder < 0 || this.maxMisorder >= SEQ_MOD / 2) throw new RangeError(`maxMisorder must be 0..32767, got ${this.maxMisorder}`);
    if (!Number.isInteger(this.minSequential) || this.minSequential < 1) throw new RangeError(`minSequential must be an integer ≥ 1, got ${this.minSequential}`);
    this.probationLeft = this.minSequential;
  }

  /**
   * One packet's sequence number (0..65535). Returns whether the packet counts: false while the
   * source is on probation and for a jump too big to be loss that the next packet does not confirm.
   */
  update(seq: number): boolean {
    if (!this.started) {
      // A.1: a new source — init_seq(s, seq); s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL.
      this.started = true;
      this.init(seq);
      this.maxSeq = (seq - 1) & 0xffff;
    }
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (this.probationLeft > 0) {
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.probationLeft -= 1;
        this.maxSeq = seq;
        if (this.probationLeft === 0) {
          this.init(seq);
          this.receivedCount += 1;
          return true;
        }
      } else {
        this.probationLeft = this.minSequential - 1;
        this.maxSeq = seq;
      }
      return false;
    }
    if (udelta < this.maxDropout) {
      if (seq < this.maxSeq) this.cycleCount += SEQ_MOD; // in order, with a permissible gap: wrapped
      this.maxSeq = seq;
    } else if (udelta <= SEQ_MOD - this.maxMisorder) {
      // A very large jump. Two in sequence: the source restarted (or we missed a long stretch).
      if (seq !== this.badSeq) {
        this.badSeq = (seq + 1) & 0xffff;
        return false;
      }
      this.init(seq);
    }
    // else: a duplicate or a reordered packet — counted, `max` unchanged.
    this.receivedCount += 1;
    return true;
  }

  private init(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = SEQ_MOD + 1;
    this.cycleCount = 0;
    this.receivedCount = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  /** Whether the source passed probation. */
  get valid(): boolean {
    return this.started && this.probationLeft === 0;
  }

  /** Sequence-number wraps seen, times 65536 (A.1 `cycles`). */
  get cycles(): number {
    return this.cycleCount;
  }

  /** The extended highest sequence number received: cycles + max_seq (A.3), as the 32 bits a report block carries. */
  get extendedHighest(): number {
    return (this.cycleCount + this.maxSeq) % 0x1_0000_0000;
  }

  /** Packets counted since the source was valid (duplicates included, as A.3 counts them). */
  get received(): number {
    return this.receivedCount;
  }

  /** Packets expected since the source was valid: extended highest − base + 1 (A.3). */
  get expected(): number {
    return this.valid ? this.cycleCount + this.maxSeq - this.baseSeq + 1 : 0;
  }

  /** Cumulative packets lost, clamped to the report block's signed 24 bits (A.3; negative with duplicates). */
  get cumulativeLost(): number {
    return Math.max(-0x800000, Math.min(0x7fffff, this.expected - this.receivedCount));
  }

  /**
   * The fraction lost since the previous call, in 1/256 (A.3): what one report block carries.
   * Each call starts a new reporting interval; 0 when nothing was lost or duplicates outnumber losses.
   */
  takeFractionLost(): number {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.receivedCount - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.receivedCount;
    const lostInterval = expectedInterval - receivedInterval;
    if (expectedInterval <= 0 || lostInterval <= 0) return 0;
    return Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
  }
}
