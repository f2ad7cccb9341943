/**
 * The Content-Length of a message head (RFC 3261 §20.14, compact form `l`), read from the head
 * text alone so framing can happen before any parsing. `undefined` when absent; `'invalid'` when
 * not a plain decimal, or when two fields disagree (a stream cannot be framed then).
 */
export function contentLength(head: string): number | undefined | 'invalid' {
  let found: number | undefined;
  const re = /\r\n(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gi;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    const raw = (m[1] ?? '').trim();
    if (!/^\d{1,9}$/.test(raw)) return 'invalid';
    const n = Number(raw);
    if (found !== undefined && found !== n) return 'invalid';
    found = n;
  }
  return found;
}
