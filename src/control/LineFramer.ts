/** One unit cut from the byte stream: a complete line, or the notice that a line was too long. */
export type Frame = { kind: 'line'; text: string } | { kind: 'too-long'; id: number | null };

const NEWLINE = 0x0a;
const ID_PEEK_BYTES = 64;
const LEADING_ID = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/;

/**
 * Cuts a byte stream into newline-terminated lines of at most `maxBytes` (the newline not counted;
 * a trailing CR counted, then dropped). A longer line yields one `too-long` frame as soon as it
 * passes the limit and the rest of it is dropped as it arrives, so at most `maxBytes` are ever
 * held. The `too-long` frame carries the request id when the line starts with `{"id":N`.
 */
export class LineFramer {
  private parts: Buffer[] = [];
  private held = 0;
  private discarding = false;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held for the line in progress. */
  get bufferedBytes(): number {
    return this.held;
  }

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      const next = newline === -1 ? chunk.length : newline + 1;
      if (this.discarding) {
        if (newline !== -1) this.discarding = false;
        start = next;
        continue;
      }
      const piece = chunk.subarray(start, end);
      if (this.held + piece.length > this.maxBytes) {
        frames.push({ kind: 'too-long', id: leadingId(this.parts[0] ?? piece) });
        this.reset();
        this.discarding = newline === -1;
      } else if (newline === -1) {
        this.parts.push(Buffer.from(piece));
        this.held += piece.length;
      } else {
        const line = this.held === 0 ? piece : Buffer.concat([...this.parts, piece]);
        this.reset();
        frames.push({ kind: 'line', text: stripCr(line.toString('utf8')) });
      }
      start = next;
    }
    return frames;
  }

  /** The end of the stream: an unterminated last line counts as a line. */
  end(): Frame[] {
    if (this.discarding || this.held === 0) return [];
    const line = Buffer.concat(this.parts);
    this.reset();
    return [{ kind: 'line', text: stripCr(line.toString('utf8')) }];
  }

  private reset(): void {
    this.parts = [];
    this.held = 0;
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function leadingId(head: Buffer): number | null {
  const match = LEADING_ID.exec(head.subarray(0, ID_PEEK_BYTES).toString('utf8'));
  return match?.[1] === undefined ? null : Number(match[1]);
}
