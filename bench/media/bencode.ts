/** A bencoded value (BitTorrent's encoding, which rtpengine's ng protocol speaks); strings as UTF-8. */
export type BValue = string | number | BValue[] | { [key: string]: BValue };

/** Encodes a value; dictionary keys in sorted order, as bencode requires. */
export function bencode(v: BValue): Buffer {
  const parts: Buffer[] = [];
  const put = (x: BValue): void => {
    if (typeof x === 'number') {
      if (!Number.isInteger(x)) throw new TypeError(`bencode: integers only, got ${x}`);
      parts.push(Buffer.from(`i${x}e`));
    } else if (typeof x === 'string') {
      const b = Buffer.from(x, 'utf8');
      parts.push(Buffer.from(`${b.length}:`), b);
    } else if (Array.isArray(x)) {
      parts.push(Buffer.from('l'));
      x.forEach(put);
      parts.push(Buffer.from('e'));
    } else {
      parts.push(Buffer.from('d'));
      for (const key of Object.keys(x).sort()) {
        put(key);
        put(x[key] as BValue);
      }
      parts.push(Buffer.from('e'));
    }
  };
  put(v);
  return Buffer.concat(parts);
}

/** Decodes one value from the start of `b`; throws on malformed input. */
export function bdecode(b: Buffer): BValue {
  let at = 0;
  const fail = (why: string): never => { throw new SyntaxError(`bdecode: ${why} at ${at}`); };
  const read = (): BValue => {
    const c = b[at];
    if (c === undefined) return fail('unexpected end');
    if (c === 0x69) { // i
      const end = b.indexOf(0x65, at);
      if (end < 0) fail('unterminated integer');
      const n = Number(b.toString('latin1', at + 1, end));
      at = end + 1;
      return n;
    }
    if (c === 0x6c) { // l
      at += 1;
      const list: BValue[] = [];
      while (b[at] !== 0x65) list.push(read());
      at += 1;
      return list;
    }
    if (c === 0x64) { // d
      at += 1;
      const dict: { [key: string]: BValue } = {};
      while (b[at] !== 0x65) {
        const key = read();
        if (typeof key !== 'string') fail('dictionary key is not a string');
        dict[key as string] = read();
      }
      at += 1;
      return dict;
    }
    const colon = b.indexOf(0x3a, at);
    if (colon < 0) fail('bad string length');
    const len = Number(b.toString('latin1', at, colon));
    if (!Number.isInteger(len)) fail('bad string length');
    const s = b.toString('utf8', colon + 1, colon + 1 + len);
    at = colon + 1 + len;
    return s;
  };
  return read();
}
