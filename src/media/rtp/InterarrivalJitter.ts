const TWO_32 = 0x1_0000_0000;

/** A difference of two 32-bit timestamps, taken modulo 2^32 into −2^31..2^31 (fractions kept). */
function wrap32(d: number): number {
  const m = (((d + TWO_32 / 2) % TWO_32) + TWO_32) % TWO_32;
  return m - TWO_32 / 2;
}

/**
 * The interarrival jitter estimate of RFC 3550 §6.4.1 and A.8, in RTP timestamp units:
 *
 *   D(i-1, i) = (R_i − R_{i-1}) − (S_i − S_{i-1})      J += (|D| − J) / 16
 *
 * where S is a packet's RTP timestamp and R its arrival time on the same clock. Both wrap at
 * 2^32 and the arrival clock has any origin, so only differences are used, taken modulo 2^32.
 * The first packet only sets the reference. Feed packets in arrival order.
 */
export class InterarrivalJitter {
  private lastTransit: number | undefined;
  private estimate = 0;

  /** One packet: its RTP timestamp, and its arrival time in timestamp units (ms × clock rate / 1000). */
  update(rtpTimestamp: number, arrival: number): void {
    const transit = arrival - rtpTimestamp;
    if (this.lastTransit !== undefined) {
      const d = Math.abs(wrap32(transit - this.lastTransit));
      this.estimate += (d - this.estimate) / 16;
    }
    this.lastTransit = transit;
  }

  /** The estimate, unrounded. */
  get value(): number {
    return this.estimate;
  }

  /** What a report block carries: the estimate truncated to an unsigned 32-bit integer (A.8). */
  get reported(): number {
    return Math.min(Math.trunc(this.estimate), 0xffffffff);
  }

  /** Forgets the reference and the estimate (a new source, or the same one restarted). */
  reset(): void {
    this.lastTransit = undefined;
    this.estimate = 0;
  }
}
