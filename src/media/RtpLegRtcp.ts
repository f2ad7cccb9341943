import type { RemoteInfo, Socket } from 'node:dgram';
import type { MediaTimer } from './clock/MediaTimer.js';
import type { UdpSource } from './RtpLegLatch.js';
import type { RtpLegRemote, RtpLegStats } from './RtpLegOptions.js';
import type { RtcpPacket } from './rtp/RtcpPacket.js';
import type { RtcpSession } from './rtp/RtcpSession.js';
import { RtpError } from './rtp/RtpError.js';

export interface RtpLegRtcpDeps {
  timer: MediaTimer;
  session: RtcpSession;
  /** keyline's SSRC now (it changes with the sender's). */
  ssrc: () => number;
  /** The SSRC of the peer's RTP, once it came. */
  peerSsrc: () => number | undefined;
  /** Where RTP goes after latching, if it latched. */
  rtpTarget: () => UdpSource | null;
  remote: () => RtpLegRemote | undefined;
  log: (level: 'error' | 'info' | 'warning', event: string, fields: Record<string, string | number>) => void;
  sendFailed: (err: Error) => void;
}

/** How late a report may be (for a leg the media clock does not tick) before its own timer sends it. */
const FALLBACK_MS = 40;

/**
 * The RTCP side of an `RtpLeg` on its RTCP socket: reports when the session says (it draws each
 * interval, never over 5 s), the peer's compounds read, BYE when the leg closes.
 *
 * A leg in a call is ticked by the media clock every 20 ms, and `tick()` sends a report that is
 * due, so reports ride the clock's wake-up instead of each leg waking the process on a timer of
 * its own (64 legs: about 13 wake-ups a second, each costly on a small box). A timer stays armed
 * `FALLBACK_MS` after the due time for a leg nobody ticks; a ticked leg pushes it on before it fires.
 * Reports go where the peer's RTCP comes from (symmetric RTCP), else next to where RTP goes:
 * the latched RTP source's port + 1, or the SDP's `rtcpPort` (port + 1 when not given). Nothing
 * is sent before a remote is known, to port 0 or to 0.0.0.0.
 */
export class RtpLegRtcp {
  private socket: Socket | undefined;
  private handle: unknown;
  /** When the last report went (the start, before the first). */
  private lastReportAt = Number.POSITIVE_INFINITY;
  private source: UdpSource | undefined;
  readonly counts = { rtcpIn: 0, rtcpOut: 0, malformed: 0, foreign: 0 };
  peerReport: RtpLegStats['peerReport'] = null;
  byeReceived = false;

  constructor(private readonly d: RtpLegRtcpDeps) {}

  start(socket: Socket): void {
    this.socket = socket;
    socket.on('message', (msg, from) => {
      try {
        this.onMessage(msg, from);
      } catch (err) {
        this.d.log('error', 'rtcp-handler-failed', { error: err instanceof Error ? err.message : String(err) }); // never thrown out of a socket event
      }
    });
    this.schedule();
  }

  /** The remote moved: forget where its RTCP came from. */
  remoteChanged(): void {
    this.source = undefined;
  }

  /** Stops reporting; sends the BYE compound when `bye` (the leg was open). */
  async stop(bye: boolean): Promise<void> {
    this.d.timer.clearTimeout(this.handle);
    this.handle = undefined;
    if (bye) await this.send(this.d.session.goodbye());
    this.socket = undefined;
  }

  /** A media-clock tick: sends the report if it is due. */
  tick(nowMs: number): void {
    if (this.socket === undefined || nowMs < this.d.session.nextReportAt) return;
    this.report();
  }

  private report(): void {
    if (this.socket === undefined) return;
    this.lastReportAt = this.d.timer.now();
    void this.send(this.d.session.report());
    this.schedule();
  }

  /** The fallback: a little after the due time, but never more than the longest interval after the last report. */
  private schedule(): void {
    const { timer, session } = this.d;
    if (this.handle !== undefined) timer.clearTimeout(this.handle);
    const at = Math.min(session.nextReportAt + FALLBACK_MS, this.lastReportAt + session.maxIntervalMs);
    this.handle = timer.setTimeout(() => {
      this.handle = undefined;
      this.report();
    }, Math.max(at - timer.now(), 0));
  }

  private onMessage(msg: Buffer, from: RemoteInfo): void {
    this.counts.rtcpIn += 1;
    const remote = this.d.remote();
    if (this.socket === undefined || remote === undefined) return;
    let packets: RtcpPacket[];
    try {
      packets = this.d.session.receive(msg);
    } catch (err) {
      if (!(err instanceof RtpError)) throw err;
      this.counts.malformed += 1;
      return;
    }
    // The peer's RTCP: from the SSRC it sends RTP with, or from its RTP or SDP address.
    const peer = this.d.peerSsrc();
    const fromPeer = packets.some((p) => (p.type === 'sr' || p.type === 'rr') && p.ssrc === peer)
      || from.address === this.d.rtpTarget()?.address || from.address === remote.address;
    if (!fromPeer) {
      this.counts.foreign += 1;
      return;
    }
    this.source = { address: from.address, port: from.port };
    for (const p of packets) {
      if (p.type === 'sr' || p.type === 'rr') {
        const mine = p.reports.find((b) => b.ssrc === this.d.ssrc());
        if (mine !== undefined) this.peerReport = { fractionLost: mine.fractionLost, cumulativeLost: mine.cumulativeLost, jitterMs: mine.jitter / 8 };
      } else if (p.type === 'bye') {
        this.byeReceived = true;
        this.d.log('info', 'rtcp-bye', { from: `${from.address}:${from.port}`, ...(p.reason === undefined ? {} : { reason: p.reason }) });
      }
    }
  }

  private send(bytes: Uint8Array): Promise<void> {
    const remote = this.d.remote();
    const socket = this.socket;
    if (socket === undefined || remote === undefined || remote.port === 0 || remote.address === '0.0.0.0') return Promise.resolve();
    const rtp = this.d.rtpTarget();
    const to = this.source
      ?? (rtp !== null ? { address: rtp.address, port: rtp.port + 1 } : { address: remote.address, port: remote.rtcpPort ?? remote.port + 1 });
    if (to.port > 65535) return Promise.resolve();
    this.counts.rtcpOut += 1;
    return new Promise((resolve) => {
      socket.send(bytes, to.port, to.address, (err) => {
        if (err) this.d.sendFailed(err);
        resolve();
      });
    });
  }
}
