import { checkUint, UINT32_MAX } from './checkUint.js';
import { reportBlockLossWord } from './reportBlockLossWord.js';
import { RTP_VERSION } from './RtpPacket.js';
import { RTCP_RR, RTCP_SDES, RTCP_SR, SDES_CNAME } from './RtcpPacket.js';
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

const utf8 = new TextEncoder();
/** The last CNAME written and its octets: every leg of a box has the same one. */
let cnameText = '';
let cnameOctets = new Uint8Array(0);

function cnameBytes(cname: string): Uint8Array {
  if (cname !== cnameText) {
    const octets = utf8.encode(cname);
    if (octets.length > 255) throw new RangeError(`cname must be at most 255 UTF-8 octets, got ${octets.length}`);
    cnameText = cname;
    cnameOctets = octets;
  }
  return cnameOctets;
}

/**
 * One compound RTCP packet as RFC 3550 §6.1 requires: SR or RR first (an RR with no blocks when
 * there is nothing to report), then SDES with the CNAME, then BYE if leaving. Packet and octet
 * counts wrap at 2^32 as the RFC says they do.
 *
 * Every leg sends one every few seconds, too seldom for V8 to optimise a general serializer, so
 * the report is written straight into one array (octet for octet what `serializeRtcp` writes for
 * the same packets: a test holds them equal); a compound with BYE goes through `serializeRtcp`.
 */
export function buildRtcpReport(input: RtcpReportInput): Uint8Array {
  const { ssrc, cname, sender, reports, bye } = input;
  if (bye !== undefined) return serializeRtcp(packetsOf(input));
  if (reports.length > 31) throw new RangeError(`reports must hold at most 31 entries, got ${reports.length}`);
  checkUint('ssrc', ssrc, UINT32_MAX);
  const name = cnameBytes(cname);
  const reportLength = (sender === undefined ? 8 : 28) + 24 * reports.length;
  // SDES: header, the chunk's SSRC, CNAME type and length, the text, a null end item, padding to 32 bits.
  const sdesLength = 4 + Math.ceil((4 + 2 + name.length + 1) / 4) * 4;
  const out = new Uint8Array(reportLength + sdesLength);
  let at = header(out, 0, reports.length, sender === undefined ? RTCP_RR : RTCP_SR, reportLength);
  at = u32(out, at, ssrc);
  if (sender !== undefined) {
    at = u32(out, at, checked('sender.ntp.seconds', sender.ntp.seconds));
    at = u32(out, at, checked('sender.ntp.fraction', sender.ntp.fraction));
    at = u32(out, at, checked('sender.rtpTimestamp', sender.rtpTimestamp));
    at = u32(out, at, checked('sender.packetCount', sender.packetCount % 0x1_0000_0000));
    at = u32(out, at, checked('sender.octetCount', sender.octetCount % 0x1_0000_0000));
  }
  for (const b of reports) at = block(out, at, b);
  at = header(out, at, 1, RTCP_SDES, sdesLength);
  at = u32(out, at, ssrc);
  out[at] = SDES_CNAME;
  out[at + 1] = name.length;
  out.set(name, at + 2);
  return out; // the end item and the padding are the array's zeros
}

/** The same compound as RtcpPacket values, for `serializeRtcp`. */
function packetsOf(input: RtcpReportInput): RtcpPacket[] {
  const { ssrc, cname, sender, reports, bye } = input;
  const packets: RtcpPacket[] = [
    sender === undefined
      ? { type: 'rr', ssrc, reports }
      : { type: 'sr', ssrc, ...sender, packetCount: sender.packetCount % 0x1_0000_0000, octetCount: sender.octetCount % 0x1_0000_0000, reports },
    { type: 'sdes', chunks: [{ ssrc, items: [{ type: SDES_CNAME, text: cname }] }] },
  ];
  if (bye !== undefined) packets.push(bye.reason === undefined ? { type: 'bye', ssrcs: [ssrc] } : { type: 'bye', ssrcs: [ssrc], reason: bye.reason });
  return packets;
}

/** The 4-octet RTCP header of a packet of `length` octets at `at`; returns where its body starts. */
function header(out: Uint8Array, at: number, count: number, packetType: number, length: number): number {
  out[at] = (RTP_VERSION << 6) | count;
  out[at + 1] = packetType;
  const words = length / 4 - 1;
  out[at + 2] = words >>> 8;
  out[at + 3] = words & 0xff;
  return at + 4;
}

function u32(out: Uint8Array, at: number, value: number): number {
  out[at] = value >>> 24;
  out[at + 1] = (value >>> 16) & 0xff;
  out[at + 2] = (value >>> 8) & 0xff;
  out[at + 3] = value & 0xff;
  return at + 4;
}

function checked(name: string, value: number): number {
  checkUint(name, value, UINT32_MAX);
  return value;
}

function block(out: Uint8Array, at: number, b: ReportBlock): number {
  const loss = reportBlockLossWord(b);
  let next = u32(out, at, checked('reports[].ssrc', b.ssrc));
  next = u32(out, next, loss);
  next = u32(out, next, checked('reports[].extendedHighestSequence', b.extendedHighestSequence));
  next = u32(out, next, checked('reports[].jitter', b.jitter));
  next = u32(out, next, checked('reports[].lastSenderReport', b.lastSenderReport));
  return u32(out, next, checked('reports[].delaySinceLastSenderReport', b.delaySinceLastSenderReport));
}
