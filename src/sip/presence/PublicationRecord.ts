/**
 * What survives a keyline restart for one line's live publication (presence.md §3, issue 5
 * item 2): its dialog id (`<line>-<seq>`) and the next document version. After the restart the
 * line is idle (calls are never restored, S44), so the publisher sends `terminated` for that
 * same dialog id without SIP-If-Match: Kamailio replaces the stale record at once (K3), then the
 * publication is removed. ETags are not kept: K3 needs none, and a server restart voids them.
 */
export interface PublicationRecord {
  line: string;
  seq: number;
  version: number;
}

/** Keeps the live publications in the state directory (the composition root supplies the file). */
export interface PublicationStore {
  load(): PublicationRecord[];
  save(records: PublicationRecord[]): void;
}

/** Records read back from JSON text: anything malformed is dropped, never trusted. */
export function parseRecords(text: string): PublicationRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const list = typeof data === 'object' && data !== null && Array.isArray((data as { publications?: unknown }).publications)
    ? (data as { publications: unknown[] }).publications : [];
  return list.flatMap((r): PublicationRecord[] => {
    if (typeof r !== 'object' || r === null) return [];
    const { line, seq, version } = r as Record<string, unknown>;
    if (typeof line !== 'string' || !Number.isSafeInteger(seq) || !Number.isSafeInteger(version)) return [];
    return [{ line, seq: seq as number, version: Math.max(0, version as number) }];
  });
}

export function formatRecords(records: readonly PublicationRecord[]): string {
  return `${JSON.stringify({ publications: records }, null, 1)}\n`;
}
