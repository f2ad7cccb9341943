import { InterarrivalJitter } from './InterarrivalJitter.js';
import { ntpMiddle32 } from './NtpTimestamp.js';
import type { ReportBlock, SenderReport } from './RtcpPacket.js';
import type { RtpPacket } from './RtpPacket.js';
import { RtpSequenceTracker } from './RtpSequenceTracker.js';
import type { RtpSequenceTrackerOptions } from './RtpSequenceTracker.js';

export interface RtpReceptionStatsOptions extends RtpSequenceTrackerOptions {
  /** The RTP clock rate of the stream (8000 for G.711 and its telephone-events). */
  clockRate?: number;
}

/**
 * What keyline knows about the one source it receives on a leg, for its RTCP report block
 * (RFC 3550 §6.4.1): sequence validation and loss (A.1, A.3), interarrival jitter (A.8), and
 * the last SR heard (LSR/DLSR). Times are milliseconds on a monotonic clock the caller owns.
 *
 * A packet from another SSRC replaces the source: the peer restarted or changed SSRC (RFC 3550
 * §8.2), and every count starts again from it.
 */
export class RtpReceptionStats {
  private readonly clockRate: number;
  private source: number | undefined;
  private sequence: RtpSequenceTracker;
  private readonly jitter = new InterarrivalJitter();
  private lastSr: { middle: number; arrivalMs: number } | undefined;

  constructor(private readonly options: RtpReceptionStatsOptions = {}) {
    this.clockRate = options.clockRate ?? 8000;
    if (!Number.isInteger(this.clockRate) || this.clockRate <= 0) throw new RangeError(`clockRate must be a positive integer, got ${this.clockRate}`);
    this.sequence = new RtpSequenceTracker(options);
  }

  /** The SSRC being tracked, once a packet came. */
  get ssrc(): number | undefined {
    return this.source;
  }

  /**
   * An audio packet arrived. Returns whether it counts (A.1): false while the source is on
   * probation and for a packet far out of sequence; the caller may still play it.
   */
  receive(packet: Pick<RtpPacket, 'ssrc' | 'sequence' | 'timestamp'>, arrivalMs: number): boolean {
    const counted = this.count(packet);
    if (counted) this.jitter.update(packet.timestamp, (arrivalMs * this.clockRate) / 1000);
    return counted;
  }

  /**
   * A telephone-event packet arrived: it counts toward sequence and loss like any packet of the
   * stream, but not toward jitter, since its timestamp is the event's start, not its send time.
   */
  receiveEvent(packet: Pick<RtpPacket, 'ssrc' | 'sequence'>): boolean {
    return this.count(packet);
  }

  private count(packet: Pick<RtpPacket, 'ssrc' | 'sequence'>): boolean {
    if (packet.ssrc !== this.source) {
      this.source = packet.ssrc;
      this.sequence = new RtpSequenceTracker(this.options);
      this.jitter.reset();
      this.lastSr = undefined;
    }
    return this.sequence.update(packet.sequence);
  }

  /** Cumulative packets lost (A.3), 0 before the source is valid; reading it starts no interval. */
  get cumulativeLost(): number {
    return this.source !== undefined && this.sequence.valid ? this.sequence.cumulativeLost : 0;
  }

  /** The interarrival jitter estimate, in timestamp units, unrounded. */
  get jitterUnits(): number {
    return this.jitter.value;
  }

  /** An SR arrived; one from another SSRC than the tracked source is ignored. */
  senderReport(sr: Pick<SenderReport, 'ssrc' | 'ntp'>, arrivalMs: number): void {
    if (sr.ssrc === this.source) this.lastSr = { middle: ntpMiddle32(sr.ntp), arrivalMs };
  }

  /**
   * The report block to send now, or undefined before the source is valid (RFC 3550 §6.4: no
   * block for a source we have not received from). Starts a new fraction-lost interval.
   */
  reportBlock(nowMs: number): ReportBlock | undefined {
    if (this.source === undefined || !this.sequence.valid) return undefined;
    const sr = this.lastSr;
    return {
      ssrc: this.source,
      fractionLost: this.sequence.takeFractionLost(),
      cumulativeLost: this.sequence.cumulativeLost,
      extendedHighestSequence: this.sequence.extendedHighest,
      jitter: this.jitter.reported,
      lastSenderReport: sr === undefined ? 0 : sr.middle,
      delaySinceLastSenderReport: sr === undefined ? 0 : Math.min(Math.max(Math.round(((nowMs - sr.arrivalMs) * 65536) / 1000), 0), 0xffffffff),
    };
  }
}
