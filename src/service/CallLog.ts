import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CallRecord } from '../core/callRecord.js';
import type { CallLogEntry } from '../control/messages.js';

type StartLine = { kind: 'start' } & Pick<CallLogEntry, 'id' | 'line' | 'direction' | 'callerId' | 'digits' | 'start'> & { seq: number };
type EndLine = { kind: 'end' } & CallLogEntry & { seq: number };

/**
 * The call log (sla.md §3.2): one JSON line when a call starts and one when it ends, appended and
 * synced to `calls.jsonl` in the state directory, so a crash loses at most the call in progress —
 * and even that one is found on the next start (a start with no end) and closed `interrupted` (S44).
 */
export class CallLog {
  private readonly file: string;
  private fd: number | null;

  private constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    this.file = join(dir, 'calls.jsonl');
    this.fd = openSync(this.file, 'a', 0o640);
  }

  /** Opens the log and closes every call a previous run left open; returns them and the highest seq per line. */
  static open(dir: string, now: () => Date = () => new Date()): { log: CallLog; interrupted: string[]; seq: Record<string, number> } {
    const log = new CallLog(dir);
    const { open, seq, torn } = log.scan();
    // A torn last line (a crash mid-write) is ended first, so the next record is a line of its own.
    if (torn && log.fd !== null) writeSync(log.fd, '\n');
    for (const s of open) {
      const end: EndLine = {
        kind: 'end', id: s.id, seq: s.seq, line: s.line, direction: s.direction, callerId: s.callerId, digits: s.digits, glare: false,
        start: s.start, answer: null, end: now().toISOString(), answeredBy: null, stations: [], held: [], barged: [], outcome: 'interrupted',
      };
      log.append(end);
    }
    return { log, interrupted: open.map((s) => s.id), seq };
  }

  started(r: CallRecord, wall: (t: number) => Date): void {
    const line: StartLine = {
      kind: 'start', id: r.id, seq: r.seq, line: r.line, direction: r.direction, callerId: r.callerId, digits: r.digits,
      start: wall(r.t0).toISOString(),
    };
    this.append(line);
  }

  ended(r: CallRecord, wall: (t: number) => Date): void {
    const who = (what: string[]) => [...new Set(r.steps.filter((s) => what.includes(s.what) && s.station).map((s) => s.station as string))];
    const line: EndLine = {
      kind: 'end', id: r.id, seq: r.seq, line: r.line, direction: r.direction, callerId: r.callerId, digits: r.digits, glare: r.glare,
      start: wall(r.t0).toISOString(),
      answer: r.answeredAt === null ? null : wall(r.answeredAt).toISOString(),
      end: r.endedAt === null ? null : wall(r.endedAt).toISOString(),
      answeredBy: r.answeredBy,
      stations: who(['answered', 'seized', 'barged', 'picked-up', 'resumed', 'took-over']),
      held: who(['held', 'held-private']),
      barged: who(['barged']),
      outcome: r.outcome ?? 'interrupted',
    };
    this.append(line);
  }

  /** The calls, oldest first (newest last); a call still in progress shows with outcome `in-progress`. */
  read(limit?: number): CallLogEntry[] {
    const { entries } = this.scan();
    return limit === undefined ? entries : entries.slice(Math.max(0, entries.length - limit));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private append(record: StartLine | EndLine): void {
    if (this.fd === null) return;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
  }

  /** Reads the whole file, tolerating a torn last line (a crash mid-write) and foreign lines. */
  private scan(): { entries: CallLogEntry[]; open: StartLine[]; seq: Record<string, number>; torn: boolean } {
    const text = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    const starts = new Map<string, StartLine>();
    const ends = new Map<string, EndLine>();
    const order: string[] = [];
    const seq: Record<string, number> = {};
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      let rec: StartLine | EndLine;
      try {
        rec = JSON.parse(raw) as StartLine | EndLine;
      } catch {
        continue;
      }
      if (!rec || typeof rec.id !== 'string' || typeof rec.line !== 'string') continue;
      if (typeof rec.seq === 'number') seq[rec.line] = Math.max(seq[rec.line] ?? 0, rec.seq);
      if (!starts.has(rec.id) && !ends.has(rec.id)) order.push(rec.id);
      if (rec.kind === 'start') starts.set(rec.id, rec);
      else if (rec.kind === 'end') ends.set(rec.id, rec);
    }
    const entries: CallLogEntry[] = [];
    const open: StartLine[] = [];
    for (const id of order) {
      const end = ends.get(id);
      const start = starts.get(id);
      if (end) {
        const { kind: _k, seq: _s, ...entry } = end;
        entries.push(entry);
      } else if (start) {
        open.push(start);
        entries.push({
          id, line: start.line, direction: start.direction, callerId: start.callerId, digits: start.digits, glare: false,
          start: start.start, answer: null, end: null, answeredBy: null, stations: [], held: [], barged: [], outcome: 'in-progress',
        });
      }
    }
    return { entries, open, seq, torn: text !== '' && !text.endsWith('\n') };
  }
}
