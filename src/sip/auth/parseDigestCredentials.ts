/**
 * The parameters of one `Authorization: Digest …` header (RFC 7616 §3.4, RFC 3261 §25.1), names
 * lower-cased and quoted strings unescaped; undefined for another scheme or a header that does
 * not parse (a stray character, an unterminated quote, a parameter given twice).
 */
export function parseDigestCredentials(header: string): Map<string, string> | undefined {
  const scheme = /^\s*Digest\s+/i.exec(header);
  if (!scheme) return undefined;
  const params = new Map<string, string>();
  let i = scheme[0].length;
  const n = header.length;
  const skipSpace = (): void => {
    while (i < n && /\s/.test(header.charAt(i))) i++;
  };
  for (;;) {
    skipSpace();
    const name = /^[A-Za-z0-9_-]+/.exec(header.slice(i))?.[0];
    if (name === undefined) return undefined;
    i += name.length;
    skipSpace();
    if (header.charAt(i) !== '=') return undefined;
    i++;
    skipSpace();
    let value = '';
    if (header.charAt(i) === '"') {
      i++;
      for (;;) {
        if (i >= n) return undefined;
        const c = header.charAt(i++);
        if (c === '"') break;
        if (c === '\\') {
          if (i >= n) return undefined;
          value += header.charAt(i++);
        } else value += c;
      }
    } else {
      const token = /^[^\s,"]+/.exec(header.slice(i))?.[0];
      if (token === undefined) return undefined;
      value = token;
      i += token.length;
    }
    const key = name.toLowerCase();
    if (params.has(key)) return undefined;
    params.set(key, value);
    skipSpace();
    if (i >= n) return params;
    if (header.charAt(i) !== ',') return undefined;
    i++;
  }
}
