/**
 * What a phone's INVITE asks for, from its Request-URI user, in the numbering an Asterisk SLA
 * installer already provisions (issue: "phone-originated calls"):
 *
 * - `<station>` (the caller's own id): off-hook, as lifting the handset of a key telephone;
 * - `<station>_<line>`: that line's key on that station (the caller must be that station);
 * - `<line>`: the same line key, for phones whose line keys dial the bare line;
 * - digits (`0-9*#`, at least one): off-hook carrying a number, dialled after a seizure.
 *
 * Pure; the caller authenticates first and knows which station is calling.
 */
export type RequestTarget =
  | { kind: 'offHook'; digits?: string }
  | { kind: 'lineKey'; line: string }
  | { kind: 'notFound'; reason: string }
  | { kind: 'forbidden'; reason: string };

export interface TargetScope {
  station: string;
  /** The lines the calling station has an appearance of. */
  hasLine(line: string): boolean;
  isLine(line: string): boolean;
  isStation(station: string): boolean;
}

const DIGITS = /^[0-9*#]{1,32}$/;

export function requestTarget(user: string, scope: TargetScope): RequestTarget {
  const u = decodeURIComponent(user);
  if (u === scope.station) return { kind: 'offHook' };
  if (DIGITS.test(u)) return { kind: 'offHook', digits: u };
  const sep = u.indexOf('_');
  if (sep > 0) {
    const station = u.slice(0, sep);
    const line = u.slice(sep + 1);
    if (scope.isStation(station) && scope.isLine(line)) {
      if (station !== scope.station) return { kind: 'forbidden', reason: `${u} is another station's line key` };
      return { kind: 'lineKey', line };
    }
  }
  if (scope.isLine(u)) return { kind: 'lineKey', line: u };
  return { kind: 'notFound', reason: `no station or line "${u}"` };
}
