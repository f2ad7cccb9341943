/** Thrown by `ByteReader` when a payload is shorter than its fields: the frame has a bad length. */
export class ShortPayload extends Error {
  override readonly name = 'ShortPayload';
}

/** Reads little-endian fields from a payload; unknown trailing bytes are left alone (§3.2 rule 5). */
export class ByteReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++] ?? 0;
  }

  i8(): number {
    const v = this.u8();
    return v > 127 ? v - 256 : v;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() + this.u16() * 0x10000) >>> 0;
  }

  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  restAscii(): string {
    return String.fromCharCode(...this.rest());
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new ShortPayload(`payload too short: need ${n} more byte(s) at ${this.pos}`);
  }
}
