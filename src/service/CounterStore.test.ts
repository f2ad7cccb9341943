import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CounterStore } from './CounterStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'keyline-counters-'));
  dirs.push(d);
  return d;
}

describe('CounterStore', () => {
  it('persists every set atomically: a new store reads it back, no temporary file is left', () => {
    const dir = tempDir();
    const a = new CounterStore(dir);
    a.set('line1', 1);
    a.set('line2', 4);
    a.set('line1', 2);
    expect(new CounterStore(dir).get()).toEqual({ line1: 2, line2: 4 });
    expect(readdirSync(dir)).toEqual(['counters.json']);
    expect(JSON.parse(readFileSync(join(dir, 'counters.json'), 'utf8'))).toEqual({ seq: { line1: 2, line2: 4 } });
  });

  it('survives a crash between the temporary write and the rename: the last complete file wins', () => {
    const dir = tempDir();
    new CounterStore(dir).set('line1', 5);
    writeFileSync(join(dir, 'counters.json.tmp'), '{"seq":{"line1":'); // torn temporary file
    const b = new CounterStore(dir);
    expect(b.get()).toEqual({ line1: 5 });
    b.set('line1', 6);
    expect(new CounterStore(dir).get()).toEqual({ line1: 6 });
    expect(existsSync(join(dir, 'counters.json.tmp'))).toBe(false);
  });

  it('never lowers a counter: set keeps the maximum, atLeast only raises', () => {
    const dir = tempDir();
    const s = new CounterStore(dir);
    s.set('line1', 7);
    s.set('line1', 3);
    expect(s.get()).toEqual({ line1: 7 });
    s.atLeast('line1', 5);
    s.atLeast('line2', 9);
    expect(s.get()).toEqual({ line1: 7, line2: 9 });
    s.atLeast('line2', 12);
    expect(s.get()).toEqual({ line1: 7, line2: 12 });
  });

  it('atLeast is in memory until the next set, which persists every counter', () => {
    const dir = tempDir();
    const s = new CounterStore(dir);
    s.atLeast('line2', 9);
    expect(new CounterStore(dir).get()).toEqual({});
    s.set('line1', 1);
    expect(new CounterStore(dir).get()).toEqual({ line1: 1, line2: 9 });
  });

  it('get returns a copy', () => {
    const s = new CounterStore(tempDir());
    s.set('line1', 1);
    const copy = s.get();
    copy.line1 = 99;
    expect(s.get()).toEqual({ line1: 1 });
  });

  it.each([
    ['not JSON', 'garbage\u0000{{{'],
    ['a torn file', '{"seq":{"line1":3'],
    ['JSON null', 'null'],
    ['a JSON array', '[1,2,3]'],
    ['seq not an object', '{"seq":5}'],
  ])('a garbage file (%s) reads as no counters', (_what, text) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'counters.json'), text);
    expect(new CounterStore(dir).get()).toEqual({});
  });

  it('drops values that are not counters (negative, fractional, strings) and keeps the rest', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'counters.json'), JSON.stringify({ seq: { line1: 4, line2: -1, line3: 2.5, line4: '7', line5: null, line6: 0 } }));
    expect(new CounterStore(dir).get()).toEqual({ line1: 4, line6: 0 });
  });

  it('creates a missing state directory', () => {
    const dir = join(tempDir(), 'a', 'b');
    new CounterStore(dir).set('line1', 1);
    expect(new CounterStore(dir).get()).toEqual({ line1: 1 });
  });
});
