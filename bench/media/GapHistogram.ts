/** Bin width: 10 µs. */
const BIN_MS = 0.01;
/** Deviations up to 200 ms are binned; larger ones only raise `max`. */
const BINS = 20_001;

/** What a histogram says, in ms. */
export interface GapSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * How far packet inter-arrival gaps stray from the 20 ms a stream is sent at, |gap − 20 ms|, in
 * 10 µs bins: cheap to record in a receiver, and histograms of several receivers merge exactly.
 * `toSparse()`/`fromSparse()` carry one between processes.
 */
export class GapHistogram {
  private readonly bins = new Uint32Array(BINS);
  private count = 0;
  private max = 0;

  record(deviationMs: number): void {
    const d = Math.abs(deviationMs);
    const i = Math.min(BINS - 1, Math.round(d / BIN_MS));
    this.bins[i] = (this.bins[i] ?? 0) + 1;
    this.count += 1;
    if (d > this.max) this.max = d;
  }

  clear(): void {
    this.bins.fill(0);
    this.count = 0;
    this.max = 0;
  }

  merge(other: GapHistogram): void {
    for (let i = 0; i < BINS; i += 1) this.bins[i] = (this.bins[i] ?? 0) + (other.bins[i] ?? 0);
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  summary(): GapSummary {
    return { count: this.count, p50: this.quantile(0.5), p99: this.quantile(0.99), max: this.max };
  }

  /** [bin, count] pairs of the non-empty bins, and the max. */
  toSparse(): { bins: Array<[number, number]>; max: number } {
    const bins: Array<[number, number]> = [];
    for (let i = 0; i < BINS; i += 1) {
      const n = this.bins[i] ?? 0;
      if (n > 0) bins.push([i, n]);
    }
    return { bins, max: this.max };
  }

  static fromSparse(s: { bins: Array<[number, number]>; max: number }): GapHistogram {
    const h = new GapHistogram();
    for (const [i, n] of s.bins) {
      h.bins[i] = n;
      h.count += n;
    }
    h.max = s.max;
    return h;
  }

  private quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BINS; i += 1) {
      seen += this.bins[i] ?? 0;
      if (seen >= rank) return i === BINS - 1 ? this.max : i * BIN_MS;
    }
    return this.max;
  }
}
