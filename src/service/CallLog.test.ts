import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/callRecord.js';
import { CallLog } from './CallLog.js';

const dirs: string[] = [];
const logs: CallLog[] = [];
afterEach(() => {
  for (const l of logs.splice(0)) l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'keyline-calllog-'));
  dirs.push(d);
  return d;
}

function open(dir: string, now?: () => Date): ReturnType<typeof CallLog.open> {
  const r = CallLog.open(dir, now);
  logs.push(r.log);
  return r;
}

/** Core instants are milliseconds; the wall clock maps instant t to 2024-05-01T10:00:00Z + t. */
const WALL0 = Date.parse('2024-05-01T10:00:00.000Z');
const wall = (t: number) => new Date(WALL0 + t);
const iso = (t: number) => wall(t).toISOString();

function record(line: string, seq: number, o: Partial<CallRecord> = {}): CallRecord {
  return {
    id: `${line}-${seq}`, line, seq, direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' }, digits: '', glare: false,
    t0: seq * 10_000, answeredAt: null, answeredBy: null, endedAt: null, outcome: null, steps: [], ...o,
  };
}

function answered(line: string, seq: number): CallRecord {
  const t0 = seq * 10_000;
  return record(line, seq, {
    answeredAt: t0 + 2000, answeredBy: 'reception', endedAt: t0 + 9000, outcome: 'completed',
    steps: [{ t: t0 + 2000, what: 'answered', station: 'reception' }, { t: t0 + 5000, what: 'held', station: 'reception' }, { t: t0 + 6000, what: 'resumed', station: 'reception' }],
  });
}

describe('CallLog', () => {
  it('merges the start and the end line of a call into one entry', () => {
    const dir = tempDir();
    const { log } = open(dir);
    log.started(record('line1', 1), wall);
    expect(log.read()).toEqual([expect.objectContaining({ id: 'line1-1', outcome: 'in-progress', end: null })]);
    log.ended(answered('line1', 1), wall);
    expect(log.read()).toEqual([{
      id: 'line1-1', line: 'line1', direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' }, digits: '', glare: false,
      start: iso(10_000), answer: iso(12_000), end: iso(19_000), answeredBy: 'reception',
      stations: ['reception'], held: ['reception'], barged: [], outcome: 'completed',
    }]);
    // Two JSON lines on disk, each synced when written.
    expect(readFileSync(join(dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(['start', 'end']);
  });

  it('S44 a call started and never ended is closed `interrupted` on the next open and reported once', () => {
    const dir = tempDir();
    const first = open(dir);
    first.log.started(record('line2', 7), wall);
    first.log.close(); // the process dies here
    const second = open(dir, () => new Date('2024-05-01T11:00:00.000Z'));
    expect(second.interrupted).toEqual(['line2-7']);
    expect(second.log.read()).toEqual([expect.objectContaining({
      id: 'line2-7', start: iso(70_000), answer: null, end: '2024-05-01T11:00:00.000Z', outcome: 'interrupted',
    })]);
    second.log.close();
    const third = open(dir);
    expect(third.interrupted).toEqual([]);
    expect(third.log.read().map((e) => e.outcome)).toEqual(['interrupted']);
  });

  it('tolerates a torn last line (a crash mid-write) and foreign lines', () => {
    const dir = tempDir();
    const first = open(dir);
    first.log.started(record('line1', 1), wall);
    first.log.ended(answered('line1', 1), wall);
    first.log.started(record('line1', 2), wall);
    first.log.close();
    const file = join(dir, 'calls.jsonl');
    const endLine = JSON.stringify({ kind: 'end', ...answered('line1', 2), seq: 2 });
    appendFileSync(file, `not json\n${JSON.stringify({ hello: 'world' })}\n${endLine.slice(0, endLine.length / 2)}`);

    const second = open(dir);
    expect(second.interrupted).toEqual(['line1-2']);
    expect(second.log.read().map((e) => [e.id, e.outcome])).toEqual([['line1-1', 'completed'], ['line1-2', 'interrupted']]);
  });

  it('keeps the record written after a torn last line: a call is reported interrupted once, and later calls are readable', () => {
    const dir = tempDir();
    const file = join(dir, 'calls.jsonl');
    const start = JSON.stringify({ kind: 'start', id: 'line1-1', seq: 1, line: 'line1', direction: 'in', callerId: null, digits: '', start: iso(0) });
    writeFileSync(file, `${start}\n{"kind":"end","id":"line1-1","se`);

    const second = open(dir);
    expect(second.interrupted).toEqual(['line1-1']);
    second.log.started(record('line3', 1), wall);
    second.log.ended(answered('line3', 1), wall);
    expect(second.log.read().map((e) => [e.id, e.outcome])).toEqual([['line1-1', 'interrupted'], ['line3-1', 'completed']]);
    second.log.close();

    const third = open(dir);
    expect(third.interrupted).toEqual([]);
  });

  it('read(limit) returns the newest N calls, newest last', () => {
    const dir = tempDir();
    const { log } = open(dir);
    for (let seq = 1; seq <= 5; seq++) {
      log.started(record('line1', seq), wall);
      log.ended(answered('line1', seq), wall);
    }
    log.started(record('line2', 1), wall);
    expect(log.read(3).map((e) => e.id)).toEqual(['line1-4', 'line1-5', 'line2-1']);
    expect(log.read(0)).toEqual([]);
    expect(log.read(100).map((e) => e.id)).toEqual(['line1-1', 'line1-2', 'line1-3', 'line1-4', 'line1-5', 'line2-1']);
    expect(log.read().length).toBe(6);
  });

  it('recovers the highest seq per line, from start and end lines', () => {
    const dir = tempDir();
    const first = open(dir);
    first.log.started(record('line1', 3), wall);
    first.log.ended(answered('line1', 3), wall);
    first.log.started(record('line1', 9), wall);
    first.log.started(record('line2', 4), wall);
    first.log.ended(answered('line2', 4), wall);
    first.log.started(record('line1', 5), wall);
    first.log.ended(answered('line1', 5), wall);
    first.log.close();
    const second = open(dir);
    expect(second.seq).toEqual({ line1: 9, line2: 4 });
    expect(second.interrupted).toEqual(['line1-9']);
  });

  it('starts empty in a new directory and writes nothing after close', () => {
    const dir = join(tempDir(), 'nested', 'state');
    const { log, interrupted, seq } = open(dir);
    expect([log.read(), interrupted, seq]).toEqual([[], [], {}]);
    log.close();
    log.started(record('line1', 1), wall);
    expect(readFileSync(join(dir, 'calls.jsonl'), 'utf8')).toBe('');
  });
});
