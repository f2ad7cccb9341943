import { contentLength } from './contentLength.js';

/** What one chunk of a byte stream yielded, in order. */
export type FramerEvent =
  | { kind: 'message'; bytes: Buffer }
  /**
   * CR/LF between messages: `pings` CRLFCRLF keep-alives (RFC 5626 §3.5.1; the owner answers
   * with one CRLF if there was any) within `bytes` skipped bytes (many of them: a flood).
   */
  | { kind: 'crlf'; pings: number; bytes: number }
  /** The stream cannot be framed any more: the owner MUST close the connection. */
  | { kind: 'fatal'; reason: string };

const CRLF = 0x0d0a;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Cuts a SIP byte stream (TCP) into messages by Content-Length (RFC 3261 §18.3), and recognises
 * keep-alive pings. Pure: bytes in, events out, no sockets.
 *
 * - Leading CRLFs before a start line are skipped (RFC 3261 §7.5) and reported as one `crlf`
 *   event per `push` counting the CRLFCRLF pings among them, so a CR/LF flood never buffers.
 * - A message MUST carry a valid Content-Length on a stream; without one, or with a message or a
 *   pending head larger than `maxMessageBytes`, the framer reports `fatal` and stops.
 */
export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly maxMessageBytes: number) {
    if (!(maxMessageBytes > 0)) throw new RangeError(`maxMessageBytes must be > 0, got ${maxMessageBytes}`);
  }

  /** Bytes buffered while waiting for the rest of a message. */
  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): FramerEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: FramerEvent[] = [];
    const crlf = { kind: 'crlf' as const, pings: 0, bytes: 0 };
    for (;;) {
      const skipped = this.skipCrlfs();
      if (skipped.bytes > 0 && crlf.bytes === 0) events.push(crlf);
      crlf.pings += skipped.pings;
      crlf.bytes += skipped.bytes;
      const next = this.nextMessage();
      if (next === undefined) break;
      if (typeof next === 'string') {
        this.fail();
        events.push({ kind: 'fatal', reason: next });
        break;
      }
      events.push({ kind: 'message', bytes: next });
    }
    return events;
  }

  private skipCrlfs(): { pings: number; bytes: number } {
    let i = 0;
    let pings = 0;
    while (i + 1 < this.buffer.length && this.buffer.readUInt16BE(i) === CRLF) {
      if (i + 3 < this.buffer.length && this.buffer.readUInt16BE(i + 2) === CRLF) {
        pings++;
        i += 4;
      } else i += 2;
    }
    if (i > 0) this.buffer = this.buffer.subarray(i);
    return { pings, bytes: i };
  }

  /** A whole message, undefined when more bytes are needed, or a fatal reason. */
  private nextMessage(): Buffer | string | undefined {
    if (this.buffer.length === 0) return undefined;
    const headEnd = this.buffer.indexOf(HEAD_END);
    if (headEnd < 0) {
      return this.buffer.length > this.maxMessageBytes ? 'message head larger than the maximum' : undefined;
    }
    const length = contentLength(this.buffer.subarray(0, headEnd).toString('latin1'));
    if (length === undefined) return 'no Content-Length on a stream';
    if (length === 'invalid') return 'invalid Content-Length';
    const total = headEnd + 4 + length;
    if (total > this.maxMessageBytes) return `message of ${total} bytes is larger than the maximum`;
    if (this.buffer.length < total) return undefined;
    const bytes = this.buffer.subarray(0, total);
    this.buffer = this.buffer.subarray(total);
    return bytes;
  }

  private fail(): void {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
  }
}
