import { buildRtcpReport } from './buildRtcpReport.js';
import { ntpFromUnixMs } from './NtpTimestamp.js';
import { parseRtcp } from './parseRtcp.js';
import type { RtcpPacket } from './RtcpPacket.js';
import type { RtpReceptionStats } from './RtpReceptionStats.js';
import type { RtpSender } from './RtpSender.js';

/**
 * keyline's longest RTCP interval: 5 s, RFC 3550 §6.2's minimum. The RFC's computed interval for
 * a two-party G.711 call (5 % of 64 kbit/s shared by 2 members) is below that minimum, so the
 * deterministic interval is the minimum. §6.3.1 then randomises it (0.5..1.5 ×) so that sites do
 * not report in lockstep; keyline keeps that spread but scales it so that the longest draw is
 * this value: each interval is uniform in [max/3, max], and the peer hears from us at least every
 * 5 s (what a NAT binding or a watchdog on the peer may rely on). The first report comes after
 * half a drawn interval, as §6.2 allows for the first one.
 */
export const RTCP_INTERVAL_MS = 5000;

export interface RtcpSessionOptions {
  cname: string;
  sender: RtpSender;
  reception: RtpReceptionStats;
  /** Wall-clock milliseconds since the Unix epoch: the SR's NTP timestamp. */
  wallClock: () => number;
  /** Monotonic milliseconds: when reports are due, and the DLSR of report blocks. */
  now: () => number;
  /** The longest interval between reports (default RTCP_INTERVAL_MS). */
  intervalMs?: number;
  /**
   * The RTP timestamp of the instant `now()` says, for the SR (RFC 3550 §6.4.1: the same instant as
   * its NTP timestamp). Default: the sender's next timestamp, which is at most one frame off.
   */
  rtpTimestampNow?: () => number;
  /** Uniform random numbers in [0, 1) for the interval's spread (default Math.random). */
  random?: () => number;
}

/**
 * The RTCP side of one call leg: when to report, what to report, what the peer reported. It owns
 * no timer: its owner arms one for `nextReportAt` (or asks `due()`) and sends `report()` then.
 *
 * A report is an SR when keyline sent RTP since the report before the last one (RFC 3550 §6.4),
 * else an RR; it carries the peer's report block once the peer's stream is valid.
 */
export class RtcpSession {
  private readonly intervalMs: number;
  private nextAt: number;
  /** Packets sent at the last two reports (and SSRC then), to tell whether we are a sender. */
  private sentAtReports: { ssrc: number; packets: number }[] = [];

  constructor(private readonly options: RtcpSessionOptions) {
    this.intervalMs = options.intervalMs ?? RTCP_INTERVAL_MS;
    if (!(this.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${this.intervalMs}`);
    this.nextAt = options.now() + this.drawInterval() / 2;
  }

  /** One randomised interval: uniform in [intervalMs / 3, intervalMs] (RFC 3550 §6.3.1's 0.5..1.5 spread, scaled). */
  private drawInterval(): number {
    const u = Math.min(Math.max((this.options.random ?? Math.random)(), 0), 1);
    return (this.intervalMs * (0.5 + u)) / 1.5;
  }

  /** The longest interval between two reports (the configured interval; 5 s by default). */
  get maxIntervalMs(): number {
    return this.intervalMs;
  }

  /** When the next report is due, on the `now` clock. */
  get nextReportAt(): number {
    return this.nextAt;
  }

  /** Whether a report is due now. */
  due(): boolean {
    return this.options.now() >= this.nextAt;
  }

  /** The compound report to send now; the next is due one drawn interval later. */
  report(): Uint8Array {
    return this.build(undefined);
  }

  /** The last compound, with BYE (RFC 3550 §6.6), when the leg ends. */
  goodbye(reason?: string): Uint8Array {
    return this.build(reason === undefined ? {} : { reason });
  }

  /**
   * The peer's RTCP: parsed (throws `RtpError` for what cannot be), with its SR handed to the
   * reception stats for LSR/DLSR. Returns the packets for the caller's logs and status.
   */
  receive(bytes: Uint8Array): RtcpPacket[] {
    const packets = parseRtcp(bytes);
    for (const p of packets) if (p.type === 'sr') this.options.reception.senderReport(p, this.options.now());
    return packets;
  }

  private build(bye: { reason?: string } | undefined): Uint8Array {
    const { sender, reception, cname, wallClock, now } = this.options;
    const at = now();
    const block = reception.reportBlock(at);
    const counts = sender.counts;
    const bytes = buildRtcpReport({
      ssrc: sender.ssrc,
      cname,
      reports: block === undefined ? [] : [block],
      ...(this.isSender() ? { sender: { ntp: ntpFromUnixMs(wallClock()), rtpTimestamp: (this.options.rtpTimestampNow?.() ?? sender.timestamp) >>> 0, packetCount: counts.packets, octetCount: counts.octets } } : {}),
      ...(bye === undefined ? {} : { bye }),
    });
    this.sentAtReports = [...this.sentAtReports, { ssrc: sender.ssrc, packets: counts.packets }].slice(-2);
    this.nextAt = at + this.drawInterval();
    return bytes;
  }

  /** Sent RTP since the report before the last one (or ever, before two reports); a new SSRC counts as sending. */
  private isSender(): boolean {
    const { ssrc, counts } = this.options.sender;
    const before = this.sentAtReports.length === 2 ? this.sentAtReports[0] : undefined;
    if (before === undefined || before.ssrc !== ssrc) return counts.packets > 0;
    return counts.packets > before.packets;
  }
}
