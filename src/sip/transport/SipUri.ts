/**
 * The parts of a SIP URI the transport routes by (RFC 3261 §19.1): host, port and the
 * `transport` parameter. Parsing MUST NOT throw; anything unexpected is `undefined`.
 */
export interface SipUri {
  scheme: 'sip' | 'sips';
  user: string | undefined;
  /** Lower case; an IPv6 reference keeps its brackets. */
  host: string;
  port: number | undefined;
  /** URI parameters, names lower case; a parameter without `=` has value `undefined`. */
  params: ReadonlyMap<string, string | undefined>;
}

const URI = /^(sips?):(?:([^@]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?((?:;[^;?]*)*)(?:\?.*)?$/i;

export function parseSipUri(text: string): SipUri | undefined {
  const m = URI.exec(text.trim());
  if (!m || m[1] === undefined || m[3] === undefined) return undefined;
  const port = m[4] === undefined ? undefined : Number(m[4]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const params = new Map<string, string | undefined>();
  for (const raw of (m[5] ?? '').split(';').slice(1)) {
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim().toLowerCase();
    if (name !== '') params.set(name, eq < 0 ? undefined : raw.slice(eq + 1).trim());
  }
  const scheme = m[1].toLowerCase() === 'sips' ? 'sips' : 'sip';
  return { scheme, user: m[2], host: m[3].toLowerCase(), port, params };
}

/** Where the first URI sits in a name-addr / addr-spec header value (Route, Contact, ...). */
export interface UriSpan {
  uri: string;
  start: number;
  end: number;
  /** True when the URI was written inside `<...>`. */
  bracketed: boolean;
}

export function firstUriIn(value: string): UriSpan | undefined {
  const lt = value.indexOf('<');
  if (lt >= 0) {
    const gt = value.indexOf('>', lt);
    if (gt < 0) return undefined;
    return { uri: value.slice(lt + 1, gt), start: lt + 1, end: gt, bracketed: true };
  }
  // addr-spec form: parameters after the URI belong to the header field, not the URI.
  const lead = value.length - value.trimStart().length;
  const stop = value.slice(lead).search(/[;,\s]/);
  const end = stop < 0 ? value.length : lead + stop;
  return { uri: value.slice(lead, end), start: lead, end, bracketed: false };
}

/** `uri` with parameter `name` set to `value` (replaced in place, else appended before `?headers`). */
export function withUriParam(uri: string, name: string, value: string): string {
  const q = uri.indexOf('?');
  const base = q < 0 ? uri : uri.slice(0, q);
  const headers = q < 0 ? '' : uri.slice(q);
  const parts = base.split(';');
  const i = parts.findIndex((p, k) => k > 0 && p.split('=')[0]?.trim().toLowerCase() === name);
  if (i > 0) parts[i] = `${name}=${value}`;
  else parts.push(`${name}=${value}`);
  return parts.join(';') + headers;
}

/** `host:port` with the default SIP port, the key of pinned flows and connection aliases. */
export function hostPortKey(host: string, port: number | undefined): string {
  return `${host.toLowerCase()}:${port ?? 5060}`;
}
