import type { LineAppearance, RingEntry } from './lineContext.js';
import type { Instant, Ms } from './time.js';

/**
 * A station's ring window for an inbound call (sla.md §4.2): it opens a ring delay after t0 and
 * closes at t0 + the appearance's ring timeout if set, else a station ring timeout after opening.
 */
export function ringEntryFor(a: LineAppearance, t0: Instant): RingEntry {
  const openAt = t0 + a.ringDelay;
  const closeAt = a.ringTimeout > 0 ? t0 + a.ringTimeout : a.stationRingTimeout > 0 ? openAt + a.stationRingTimeout : null;
  const window = closeAt !== null && closeAt <= openAt ? 'closed' : a.ringDelay === 0 ? 'open' : 'pending';
  return { window, openAt, closeAt, declined: false, failures: 0, retryAt: null };
}

export const NO_ENTRIES: ReadonlyMap<string, RingEntry> = new Map();

/**
 * Ring windows of every alerting appearance (`ring: true`) at the start of an inbound call.
 * Entries are values, never changed in place (every change is a copy), so appearances with the
 * same timing as the one before share one entry: a ring to 500 stations built 500 equal objects.
 */
export function ringEntries(appearances: readonly LineAppearance[], t0: Instant): ReadonlyMap<string, RingEntry> {
  const out = new Map<string, RingEntry>();
  let prev: LineAppearance | null = null;
  let entry: RingEntry | null = null;
  for (const a of appearances) {
    if (!a.ring) continue;
    if (!entry || !prev || prev.ringDelay !== a.ringDelay || prev.ringTimeout !== a.ringTimeout || prev.stationRingTimeout !== a.stationRingTimeout) {
      entry = ringEntryFor(a, t0);
      prev = a;
    }
    out.set(a.station, entry);
  }
  return out;
}

/** The entries with one station's entry replaced (copy on write: snapshots never share a mutated map). */
export function withEntry(entries: ReadonlyMap<string, RingEntry>, station: string, e: RingEntry): ReadonlyMap<string, RingEntry> {
  const out = new Map(entries);
  out.set(station, e);
  return out;
}

/** A recall alert: no delay, open until the station declines or the hold ends (sla.md §8.6). */
export function recallEntry(t: Instant): RingEntry {
  return { window: 'open', openAt: t, closeAt: null, declined: false, failures: 0, retryAt: null };
}

/** Windows that open or close by `t`, and retries that fall due. Entries untouched stay identical. */
export function advanceEntries(entries: ReadonlyMap<string, RingEntry>, t: Instant): ReadonlyMap<string, RingEntry> {
  let out: Map<string, RingEntry> | null = null;
  for (const [station, e] of entries) {
    const next = advanceEntry(e, t);
    if (next !== e) {
      out ??= new Map(entries);
      out.set(station, next);
    }
  }
  return out ?? entries;
}

function advanceEntry(e: RingEntry, t: Instant): RingEntry {
  let window = e.window;
  if (window === 'pending' && e.openAt <= t) window = 'open';
  if (window === 'open' && e.closeAt !== null && e.closeAt <= t) window = 'closed';
  const retryAt = e.retryAt !== null && e.retryAt <= t ? null : e.retryAt;
  return window === e.window && retryAt === e.retryAt ? e : { ...e, window, retryAt };
}

/** The k-th failure waits min(retryMin × 2^(k−1), retryMax) before the next attempt (§4.3). */
export function afterFailure(e: RingEntry, t: Instant, retryMin: Ms, retryMax: Ms): RingEntry {
  const failures = e.failures + 1;
  const wait = Math.min(retryMin * 2 ** (failures - 1), retryMax);
  return { ...e, failures, retryAt: t + wait };
}

/** A declined alert closes that station's window for the rest of the call (§4.3, S38). */
export function declined(e: RingEntry): RingEntry {
  return { ...e, declined: true, window: 'closed', retryAt: null };
}

/** The station can be alerted again: retry now instead of at the backoff instant. */
export function retryNow(e: RingEntry): RingEntry {
  return e.retryAt === null ? e : { ...e, retryAt: null };
}

/** The next instant at which an entry changes by itself, with whether that change ends something. */
export function entryDeadline(e: RingEntry): { t: Instant; ends: boolean } | null {
  const candidates: Array<{ t: Instant; ends: boolean }> = [];
  if (e.window === 'pending') candidates.push({ t: e.openAt, ends: false });
  if (e.window !== 'closed' && e.closeAt !== null) candidates.push({ t: e.closeAt, ends: true });
  if (e.retryAt !== null && e.window !== 'closed') candidates.push({ t: e.retryAt, ends: false });
  return earliest(candidates);
}

/** The earliest deadline of all entries, without building a list (a ring may have 500 of them). */
export function entriesDeadline(entries: ReadonlyMap<string, RingEntry>): { t: Instant; ends: boolean } | null {
  let best: { t: Instant; ends: boolean } | null = null;
  for (const e of entries.values()) {
    if (e.window === 'closed') continue;
    if (e.window === 'open' && e.closeAt === null && e.retryAt === null) continue;
    best = earliest([best, entryDeadline(e)]);
  }
  return best;
}

/** The earliest of several deadlines; at one instant an ending one wins (sla.md §3.1). */
export function earliest(ds: ReadonlyArray<{ t: Instant; ends: boolean } | null>): { t: Instant; ends: boolean } | null {
  let best: { t: Instant; ends: boolean } | null = null;
  for (const d of ds) {
    if (d && (!best || d.t < best.t || (d.t === best.t && d.ends && !best.ends))) best = d;
  }
  return best;
}
