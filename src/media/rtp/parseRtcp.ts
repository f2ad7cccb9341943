import { RTP_VERSION } from './RtpPacket.js';
import { RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR } from './RtcpPacket.js';
import type { ReportBlock, RtcpPacket, SdesChunk } from './RtcpPacket.js';
import { RtpError } from './RtpError.js';

const REPORT_BLOCK_OCTETS = 24;
const text = new TextDecoder(); // not fatal: bad UTF-8 in a name becomes U+FFFD, it does not refuse the packet

/**
 * Reads a compound RTCP packet (RFC 3550 §6.1) into its packets, in order. Tolerant: packet types
 * it does not know (APP, XR, feedback) come back as `other`, SR profile extensions are skipped,
 * padding is accepted on any packet, and a compound need not begin with SR or RR (RFC 5506
 * reduced size). It refuses with `RtpError` — and never anything else — a version other than 2,
 * a length that runs past the datagram, and a body its own counts do not fit.
 */
export function parseRtcp(bytes: Uint8Array): RtcpPacket[] {
  if (bytes.length === 0) throw new RtpError('truncated', 'RTCP datagram is empty');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: RtcpPacket[] = [];
  for (let offset = 0; offset < bytes.length;) {
    if (bytes.length - offset < 4) throw new RtpError('truncated', `RTCP header at octet ${offset} is cut short`);
    const first = view.getUint8(offset);
    if (first >> 6 !== RTP_VERSION) throw new RtpError('bad-version', `RTCP version must be 2, got ${first >> 6} at octet ${offset}`);
    const count = first & 0x1f;
    const packetType = view.getUint8(offset + 1);
    const length = 4 * (view.getUint16(offset + 2) + 1);
    if (offset + length > bytes.length) throw new RtpError('truncated', `RTCP packet at octet ${offset} declares ${length} octets, ${bytes.length - offset} remain`);
    let end = offset + length;
    if (first & 0x20) {
      const padding = view.getUint8(end - 1);
      if (padding === 0 || padding > length - 4) throw new RtpError('bad-padding', `RTCP padding count ${padding} does not fit a ${length}-octet packet`);
      end -= padding;
    }
    packets.push(parseOne(view, packetType, count, offset + 4, end));
    offset += length;
  }
  return packets;
}

function parseOne(view: DataView, packetType: number, count: number, start: number, end: number): RtcpPacket {
  const need = (octets: number, what: string): void => {
    if (end - start < octets) throw new RtpError('malformed', `RTCP ${what} needs ${octets} octets, the packet has ${end - start}`);
  };
  switch (packetType) {
    case RTCP_SR: {
      need(24 + count * REPORT_BLOCK_OCTETS, `SR with ${count} report blocks`);
      return {
        type: 'sr',
        ssrc: view.getUint32(start),
        ntp: { seconds: view.getUint32(start + 4), fraction: view.getUint32(start + 8) },
        rtpTimestamp: view.getUint32(start + 12),
        packetCount: view.getUint32(start + 16),
        octetCount: view.getUint32(start + 20),
        reports: reportBlocks(view, start + 24, count),
      };
    }
    case RTCP_RR:
      need(4 + count * REPORT_BLOCK_OCTETS, `RR with ${count} report blocks`);
      return { type: 'rr', ssrc: view.getUint32(start), reports: reportBlocks(view, start + 4, count) };
    case RTCP_SDES:
      return { type: 'sdes', chunks: sdesChunks(view, count, start, end) };
    case RTCP_BYE: {
      need(4 * count, `BYE with ${count} sources`);
      const ssrcs = Array.from({ length: count }, (_, i) => view.getUint32(start + 4 * i));
      const at = start + 4 * count;
      if (at >= end) return { type: 'bye', ssrcs };
      const reasonLength = view.getUint8(at);
      if (at + 1 + reasonLength > end) throw new RtpError('malformed', `RTCP BYE reason of ${reasonLength} octets runs past the packet`);
      return { type: 'bye', ssrcs, reason: text.decode(octets(view, at + 1, reasonLength)) };
    }
    default:
      return { type: 'other', packetType, count, body: octets(view, start, end - start) };
  }
}

function octets(view: DataView, at: number, length: number): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + at, length);
}

function reportBlocks(view: DataView, at: number, count: number): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (let i = 0, o = at; i < count; i += 1, o += REPORT_BLOCK_OCTETS) {
    const lost = view.getUint32(o + 4);
    blocks.push({
      ssrc: view.getUint32(o),
      fractionLost: lost >>> 24,
      cumulativeLost: (lost << 8) >> 8, // signed 24-bit
      extendedHighestSequence: view.getUint32(o + 8),
      jitter: view.getUint32(o + 12),
      lastSenderReport: view.getUint32(o + 16),
      delaySinceLastSenderReport: view.getUint32(o + 20),
    });
  }
  return blocks;
}

/** SDES chunks (RFC 3550 §6.5): an SSRC, items of type, length, text, ended by a zero type and padded to 32 bits. */
function sdesChunks(view: DataView, count: number, start: number, end: number): SdesChunk[] {
  const chunks: SdesChunk[] = [];
  let o = start;
  for (let c = 0; c < count; c += 1) {
    if (end - o < 4) throw new RtpError('malformed', `RTCP SDES chunk ${c + 1} of ${count} is missing`);
    const chunk: SdesChunk = { ssrc: view.getUint32(o), items: [] };
    o += 4;
    for (;;) {
      if (o >= end) throw new RtpError('malformed', `RTCP SDES chunk ${c + 1} has no end item`);
      const type = view.getUint8(o);
      if (type === 0) break;
      if (o + 2 > end || o + 2 + view.getUint8(o + 1) > end) throw new RtpError('malformed', `RTCP SDES item ${type} runs past the packet`);
      const length = view.getUint8(o + 1);
      chunk.items.push({ type, text: text.decode(octets(view, o + 2, length)) });
      o += 2 + length;
    }
    o = (o + 4 - ((o - start) % 4)); // past the end item and its padding, to the next 32-bit boundary
    chunks.push(chunk);
  }
  return chunks;
}
