/** Appends little-endian fields to a growing payload. Values are range-checked (misuse throws). */
export class ByteWriter {
  private readonly bytes: number[] = [];

  u8(v: number, name: string): this {
    check(v, 0, 0xff, name);
    this.bytes.push(v);
    return this;
  }

  i8(v: number, name: string): this {
    check(v, -128, 127, name);
    this.bytes.push(v & 0xff);
    return this;
  }

  u16(v: number, name: string): this {
    check(v, 0, 0xffff, name);
    this.bytes.push(v & 0xff, v >>> 8);
    return this;
  }

  u32(v: number, name: string): this {
    check(v, 0, 0xffffffff, name);
    this.bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
    return this;
  }

  raw(b: Uint8Array): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }

  ascii(s: string, name: string): this {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7e || c < 0x20) throw new RangeError(`${name} must be printable ASCII, got ${JSON.stringify(s)}`);
      this.bytes.push(c);
    }
    return this;
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function check(v: number, min: number, max: number, name: string): void {
  if (!(Number.isInteger(v) && v >= min && v <= max)) throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${String(v)}`);
}
