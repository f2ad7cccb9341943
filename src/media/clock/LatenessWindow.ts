/** Percentiles of the most recent lateness samples, in milliseconds. */
export interface LatenessSummary {
  /** Samples in the window (at most the window size). */
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * A ring of the last `size` lateness samples (ms; negative when early). Recording is O(1) with no
 * allocation; `summary()` sorts a copy, so call it for reports and benchmarks, not every tick.
 */
export class LatenessWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly size = 3000) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
    this.samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
    if (this.filled < this.size) this.filled += 1;
  }

  clear(): void {
    this.next = 0;
    this.filled = 0;
  }

  summary(): LatenessSummary {
    if (this.filled === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
    const sorted = this.samples.slice(0, this.filled).sort();
    const at = (q: number): number => sorted[Math.min(this.filled - 1, Math.ceil(q * this.filled) - 1)] ?? 0;
    return { count: this.filled, p50: at(0.5), p99: at(0.99), max: sorted[this.filled - 1] ?? 0 };
  }
}
