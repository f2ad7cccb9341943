import { checkUint, UINT32_MAX } from './checkUint.js';
import { reportBlockLossWord } from './reportBlockLossWord.js';
import { RTP_VERSION } from './RtpPacket.js';
import { RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR } from './RtcpPacket.js';
import type { ReportBlock, RtcpPacket, SdesChunk } from './RtcpPacket.js';

const utf8 = new TextEncoder();

/**
 * Writes RTCP packets as one compound datagram (RFC 3550 §6.1), in the order given; a compound
 * SHOULD begin with SR or RR and carry SDES CNAME (`buildRtcpReport` does that). Every packet
 * is a whole number of 32-bit words; no P-bit padding is written. Out-of-range fields, more
 * than 31 blocks, chunks or sources, and texts over 255 UTF-8 octets are misuse and throw.
 */
export function serializeRtcp(packets: readonly RtcpPacket[]): Uint8Array {
  const parts = packets.map(serializeOne);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function serializeOne(packet: RtcpPacket): Uint8Array {
  switch (packet.type) {
    case 'sr': {
      const { ssrc, ntp, rtpTimestamp, packetCount, octetCount, reports } = packet;
      const w = new Writer(RTCP_SR, count('sr.reports', reports.length), 24 + 24 * reports.length);
      w.u32('sr.ssrc', ssrc).u32('sr.ntp.seconds', ntp.seconds).u32('sr.ntp.fraction', ntp.fraction);
      w.u32('sr.rtpTimestamp', rtpTimestamp).u32('sr.packetCount', packetCount).u32('sr.octetCount', octetCount);
      for (const block of reports) w.block(block);
      return w.bytes;
    }
    case 'rr': {
      const w = new Writer(RTCP_RR, count('rr.reports', packet.reports.length), 4 + 24 * packet.reports.length);
      w.u32('rr.ssrc', packet.ssrc);
      for (const block of packet.reports) w.block(block);
      return w.bytes;
    }
    case 'sdes': {
      const chunks = packet.chunks.map(encodeChunk);
      const w = new Writer(RTCP_SDES, count('sdes.chunks', chunks.length), chunks.reduce((n, c) => n + c.length, 0));
      for (const c of chunks) w.raw(c);
      return w.bytes;
    }
    case 'bye': {
      const reason = packet.reason === undefined ? undefined : text('bye.reason', packet.reason);
      const w = new Writer(RTCP_BYE, count('bye.ssrcs', packet.ssrcs.length), words(4 * packet.ssrcs.length + (reason === undefined ? 0 : 1 + reason.length)));
      packet.ssrcs.forEach((s, i) => w.u32(`bye.ssrcs[${i}]`, s));
      if (reason !== undefined) w.raw(Uint8Array.of(reason.length)).raw(reason);
      return w.bytes;
    }
    case 'other': {
      checkUint('other.packetType', packet.packetType, 255);
      if (packet.body.length % 4 !== 0) throw new RangeError(`other.body must be a whole number of 32-bit words, got ${packet.body.length} octets`);
      checkUint('other.count', packet.count, 31);
      return new Writer(packet.packetType, packet.count, packet.body.length).raw(packet.body).bytes;
    }
  }
}

/** An SDES chunk: SSRC, items, the end item, null octets to the next 32-bit boundary. */
function encodeChunk(chunk: SdesChunk, index: number): Uint8Array {
  const items = chunk.items.map((item, i) => {
    checkUint(`sdes.chunks[${index}].items[${i}].type`, item.type, 255);
    if (item.type === 0) throw new RangeError(`sdes.chunks[${index}].items[${i}].type must be 1..255 (0 ends the chunk)`);
    return { type: item.type, value: text(`sdes.chunks[${index}].items[${i}].text`, item.text) };
  });
  const w = new Writer(undefined, 0, words(4 + items.reduce((n, it) => n + 2 + it.value.length, 0) + 1));
  w.u32(`sdes.chunks[${index}].ssrc`, chunk.ssrc);
  for (const it of items) w.raw(Uint8Array.of(it.type, it.value.length)).raw(it.value);
  return w.bytes; // the rest is zero: the end item and the padding
}

const words = (octets: number): number => Math.ceil(octets / 4) * 4;

function count(name: string, n: number): number {
  if (n > 31) throw new RangeError(`${name} must hold at most 31 entries, got ${n}`);
  return n;
}

function text(name: string, value: string): Uint8Array {
  const bytes = utf8.encode(value);
  if (bytes.length > 255) throw new RangeError(`${name} must be at most 255 UTF-8 octets, got ${bytes.length}`);
  return bytes;
}

/** Writes one packet: the 4-octet header (unless `packetType` is undefined) and a body of `bodyLength` octets. */
class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset: number;

  constructor(packetType: number | undefined, countField: number, bodyLength: number) {
    const header = packetType === undefined ? 0 : 4;
    if (header + bodyLength > 4 * 0x10000) throw new RangeError(`an RTCP packet holds at most ${4 * 0x10000} octets, this one would need ${header + bodyLength}`);
    this.bytes = new Uint8Array(header + bodyLength);
    this.view = new DataView(this.bytes.buffer);
    this.offset = header;
    if (packetType !== undefined) {
      this.view.setUint8(0, (RTP_VERSION << 6) | countField);
      this.view.setUint8(1, packetType);
      this.view.setUint16(2, this.bytes.length / 4 - 1);
    }
  }

  u32(name: string, value: number): this {
    checkUint(name, value, UINT32_MAX);
    this.view.setUint32(this.offset, value);
    this.offset += 4;
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.bytes.set(bytes, this.offset);
    this.offset += bytes.length;
    return this;
  }

  block(b: ReportBlock): this {
    const loss = reportBlockLossWord(b);
    this.u32('reports[].ssrc', b.ssrc);
    this.view.setUint32(this.offset, loss);
    this.offset += 4;
    return this.u32('reports[].extendedHighestSequence', b.extendedHighestSequence).u32('reports[].jitter', b.jitter)
      .u32('reports[].lastSenderReport', b.lastSenderReport).u32('reports[].delaySinceLastSenderReport', b.delaySinceLastSenderReport);
  }
}
