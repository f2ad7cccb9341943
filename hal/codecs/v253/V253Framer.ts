import { DLE, ETX, SUB } from './dle.js';

/** One unit of what a V.253 modem sends: a text line, a DLE code, or unshielded voice data. */
export type FramerItem =
  | { kind: 'line'; text: string }
  | { kind: 'dle'; code: number }
  | { kind: 'audio'; bytes: Uint8Array };

/** Longest text line kept; longer runs without CR/LF (line noise, binary junk) are cut. */
const MAX_LINE = 256;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits a modem's byte stream (hardware.md §3.1, "Audio framing"). One object owns both modes,
 * since a line parser would break on binary audio:
 *
 * - `command`: text lines ended by CR or LF (empty lines dropped); `<DLE>x` pairs are events
 *   (voice-command state reports them between lines).
 * - `voice`: after `CONNECT` (once `armVoice()` was called): bytes are voice data; `<DLE><DLE>`
 *   and `<DLE><SUB>` are one and two literal 0x10; `<DLE><ETX>` ends the stream, is reported as
 *   a `dle` item and switches back to `command`; any other `<DLE>x` is an event.
 *
 * Pure and total: any byte sequence gives items, never an exception. A DLE split across two
 * chunks is kept for the next `push`.
 */
export class V253Framer {
  private current: 'command' | 'voice' = 'command';
  private armed = false;
  private dlePending = false;
  /** The LF of the `CONNECT` line's CR LF, still to come after the switch to voice data. */
  private skipLf = false;
  private line: number[] = [];

  get mode(): 'command' | 'voice' {
    return this.current;
  }

  /** The next `CONNECT` line starts voice data (after `AT+VTR`, `AT+VRX`, `AT+VTX`). */
  armVoice(): void {
    this.armed = true;
  }

  /** Back to command mode, forgetting partial input (the link was reset). */
  reset(): void {
    this.current = 'command';
    this.armed = false;
    this.dlePending = false;
    this.skipLf = false;
    this.line = [];
  }

  push(chunk: Uint8Array): FramerItem[] {
    const out: FramerItem[] = [];
    let audio: number[] = [];
    const flushAudio = (): void => {
      if (audio.length) out.push({ kind: 'audio', bytes: Uint8Array.from(audio) });
      audio = [];
    };
    for (const b of chunk) {
      if (this.current === 'voice') {
        const afterConnect = this.skipLf;
        this.skipLf = false;
        if (afterConnect && b === LF) continue;
        if (this.dlePending) {
          this.dlePending = false;
          if (b === DLE) audio.push(DLE);
          else if (b === SUB) audio.push(DLE, DLE);
          else {
            flushAudio();
            out.push({ kind: 'dle', code: b });
            if (b === ETX) this.current = 'command';
          }
        } else if (b === DLE) this.dlePending = true;
        else audio.push(b);
        continue;
      }
      if (this.dlePending) {
        this.dlePending = false;
        out.push({ kind: 'dle', code: b });
      } else if (b === DLE) this.dlePending = true;
      else if (b === CR || b === LF) this.endLine(out, b === CR);
      else if (this.line.length < MAX_LINE) this.line.push(b);
    }
    flushAudio();
    return out;
  }

  private endLine(out: FramerItem[], byCr: boolean): void {
    if (this.line.length === 0) return;
    const text = String.fromCharCode(...this.line).trim();
    this.line = [];
    if (!text) return;
    out.push({ kind: 'line', text });
    if (this.armed && text === 'CONNECT') {
      this.armed = false;
      this.current = 'voice';
      this.skipLf = byCr;
    }
  }
}
