import { decodeFrame } from './KlbFrame.js';
import type { KlbFrame } from './KlbFrame.js';
import { SlipSplitter } from './SlipSplitter.js';

/** What a decoder dropped, by reason (hardware.md §3.2 rule 2: dropped and counted). */
export interface KlbDecoderStats {
  frames: number;
  crcErrors: number;
  lengthErrors: number;
  escapeErrors: number;
}

/**
 * The streaming KLB/1 receiver: bytes in, valid frames out, in order. Garbage, bad escapes, bad
 * lengths and bad CRCs are dropped and counted; decoding resynchronises at the next `END`.
 * Pure (no I/O, no time); `push` never throws.
 */
export class KlbDecoder {
  private readonly slip = new SlipSplitter();
  private readonly counts: KlbDecoderStats = { frames: 0, crcErrors: 0, lengthErrors: 0, escapeErrors: 0 };

  push(chunk: Uint8Array): KlbFrame[] {
    const frames: KlbFrame[] = [];
    for (const packet of this.slip.push(chunk)) {
      if (!packet.ok) {
        if (packet.reason === 'escape') this.counts.escapeErrors++;
        else this.counts.lengthErrors++;
        continue;
      }
      const r = decodeFrame(packet.bytes);
      if (r.ok) {
        this.counts.frames++;
        frames.push(r.frame);
      } else if (r.reason === 'crc') {
        this.counts.crcErrors++;
      } else {
        this.counts.lengthErrors++;
      }
    }
    return frames;
  }

  get stats(): Readonly<KlbDecoderStats> {
    return { ...this.counts };
  }

  /** Every dropped frame, whatever the reason. */
  get dropped(): number {
    return this.counts.crcErrors + this.counts.lengthErrors + this.counts.escapeErrors;
  }
}
