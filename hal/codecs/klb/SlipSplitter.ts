import { MAX_FRAME_LEN, SLIP_END, SLIP_ESC, SLIP_ESC_END, SLIP_ESC_ESC } from './constants.js';

export type SlipChunk = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'escape' | 'length' };

/**
 * Splits a byte stream at SLIP `END`s and unescapes what lies between (RFC 1055). A packet with
 * a bad escape, or longer than any KLB/1 frame, is reported as an error and skipped up to the
 * next `END`, where decoding resynchronises. Empty packets (`END END`) are ignored. Pure; never
 * throws on any input.
 */
export class SlipSplitter {
  private buf: number[] = [];
  private escaped = false;
  private broken: 'escape' | 'length' | null = null;

  push(chunk: Uint8Array): SlipChunk[] {
    const out: SlipChunk[] = [];
    for (const b of chunk) {
      if (b === SLIP_END) {
        this.finish(out);
        continue;
      }
      if (this.broken) continue;
      if (this.escaped) {
        this.escaped = false;
        if (b === SLIP_ESC_END) this.add(SLIP_END);
        else if (b === SLIP_ESC_ESC) this.add(SLIP_ESC);
        else this.broken = 'escape';
      } else if (b === SLIP_ESC) {
        this.escaped = true;
      } else {
        this.add(b);
      }
    }
    return out;
  }

  private add(b: number): void {
    if (this.buf.length >= MAX_FRAME_LEN) this.broken = 'length';
    else this.buf.push(b);
  }

  private finish(out: SlipChunk[]): void {
    if (this.broken) out.push({ ok: false, reason: this.broken });
    else if (this.escaped) out.push({ ok: false, reason: 'escape' });
    else if (this.buf.length > 0) out.push({ ok: true, bytes: Uint8Array.from(this.buf) });
    this.buf = [];
    this.escaped = false;
    this.broken = null;
  }
}
