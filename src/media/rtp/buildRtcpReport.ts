import { SDES_CNAME } from './RtcpPacket.js';
import type { ReportBlock, RtcpPacket, SenderReport } from './RtcpPacket.js';
import { serializeRtcp } from './serializeRtcp.js';

export interface RtcpReportInput {
  ssrc: number;
  /** The canonical name (RFC 3550 §6.5.1), e.g. `keyline@192.0.2.7`. */
  cname: string;
  /** Present when this participant sent RTP recently: the report is then an SR, else an RR. */
  sender?: Pick<SenderReport, 'ntp' | 'rtpTimestamp' | 'packetCount' | 'octetCount'>;
  /** At most 31 report blocks; keyline has one, for the peer, once its stream is valid. */
  reports: ReportBlock[];
  /** Ends the compound with a BYE for `ssrc` (RFC 3550 §6.6) when present. */
  bye?: { reason?: string };
}

/**
 * One compound RTCP packet as RFC 3550 §6.1 requires: SR or RR first (an RR with no blocks when
 * there is nothing to report), then SDES with the CNAME, then BYE if leaving. Packet and octet
 * counts wrap at 2^32 as the RFC says they do.
 */
export function buildRtcpReport(input: RtcpReportInput): Uint8Array {
  const { ssrc, cname, sender, reports, bye } = input;
  const packets: RtcpPacket[] = [
    sender === undefined
      ? { type: 'rr', ssrc, reports }
      : { type: 'sr', ssrc, ...sender, packetCount: sender.packetCount % 0x1_0000_0000, octetCount: sender.octetCount % 0x1_0000_0000, reports },
    { type: 'sdes', chunks: [{ ssrc, items: [{ type: SDES_CNAME, text: cname }] }] },
  ];
  if (bye !== undefined) packets.push(bye.reason === undefined ? { type: 'bye', ssrcs: [ssrc] } : { type: 'bye', ssrcs: [ssrc], reason: bye.reason });
  return serializeRtcp(packets);
}
