import type { ExpiresBounds } from './NotifierPolicy.js';

/** The one event package keyline notifies (presence.md §4). */
export const EVENT_PACKAGE = 'dialog';
const BODY_TYPE = 'application/dialog-info+xml';

/** The headers of a SUBSCRIBE that decide whether and for how long it is granted. */
export interface SubscribeHeaders {
  event: string | undefined;
  expires: string | undefined;
  /** Every `Accept` header value (comma lists are split here). */
  accept: string[];
}

/** A refusal: the status and the headers it MUST carry. */
export interface SubscribeRefusal {
  ok: false;
  status: 400 | 406 | 423 | 489;
  reason: string;
  headers: string[];
}

/** A grant: the `Event` value to echo in every NOTIFY (package and `id`) and the seconds granted (0: fetch or end). */
export interface SubscribeGrant {
  ok: true;
  event: string;
  expires: number;
}

/**
 * RFC 6665 §4.2.1.1 checks on a SUBSCRIBE, initial or in-dialog: `Event: dialog` only (489 with
 * `Allow-Events`), a body type we can send (406), and the grant: absent → the default, 0 kept
 * (fetch or unsubscribe), below the minimum → 423 with `Min-Expires`, above the maximum → cut.
 * Pure.
 */
export function subscribeCheck(h: SubscribeHeaders, bounds: ExpiresBounds): SubscribeGrant | SubscribeRefusal {
  const event = parseEvent(h.event);
  if (event === null || event.pkg !== EVENT_PACKAGE) {
    return { ok: false, status: 489, reason: `event ${h.event ?? '(none)'}`, headers: [`Allow-Events: ${EVENT_PACKAGE}`] };
  }
  if (!accepts(h.accept)) return { ok: false, status: 406, reason: `accept ${h.accept.join(', ')}`, headers: [`Accept: ${BODY_TYPE}`] };
  let expires = bounds.default;
  if (h.expires !== undefined) {
    const v = h.expires.trim();
    if (!/^\d{1,10}$/.test(v)) return { ok: false, status: 400, reason: `expires ${h.expires}`, headers: [] };
    expires = Number(v);
  }
  if (expires > 0 && expires < bounds.min) {
    return { ok: false, status: 423, reason: `expires ${expires} < ${bounds.min}`, headers: [`Min-Expires: ${bounds.min}`] };
  }
  return { ok: true, event: event.id === null ? event.pkg : `${event.pkg};id=${event.id}`, expires: Math.min(expires, bounds.max) };
}

/** `dialog`, `Dialog ;id=7`: the package (case-insensitive) and the `id` parameter (RFC 6665 §8.2.1). */
function parseEvent(value: string | undefined): { pkg: string; id: string | null } | null {
  if (value === undefined) return null;
  const [pkg, ...params] = value.split(';').map((s) => s.trim());
  if (pkg === undefined || pkg === '') return null;
  let id: string | null = null;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq > 0 && p.slice(0, eq).trim().toLowerCase() === 'id') id = p.slice(eq + 1).trim();
  }
  return { pkg: pkg.toLowerCase(), id };
}

/** No `Accept` means the package default, which is ours (RFC 4235 §3.3). */
function accepts(values: string[]): boolean {
  const ranges = values.flatMap((v) => v.split(',')).map((r) => r.split(';')[0]?.trim().toLowerCase() ?? '').filter((r) => r !== '');
  if (ranges.length === 0) return true;
  return ranges.some((r) => r === BODY_TYPE || r === 'application/*' || r === '*/*');
}
