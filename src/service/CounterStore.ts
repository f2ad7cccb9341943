import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * The per-line call counters (sla.md §1: ids are never reused), persisted in the state directory
 * as `counters.json`. Written atomically (temporary file, fsync, rename) at every call start, so a
 * crash leaves either the old or the new file, never half of one.
 */
export class CounterStore {
  private readonly file: string;
  private seq: Record<string, number>;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    this.file = join(dir, 'counters.json');
    this.seq = CounterStore.read(this.file);
  }

  private static read(file: string): Record<string, number> {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { seq?: Record<string, unknown> };
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(data.seq ?? {})) if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[k] = v;
      return out;
    } catch {
      return {};
    }
  }

  get(): Record<string, number> {
    return { ...this.seq };
  }

  /** Raises a line's counter to at least `seq` (call log recovery may know a later one). */
  atLeast(line: string, seq: number): void {
    if ((this.seq[line] ?? 0) < seq) this.seq[line] = seq;
  }

  set(line: string, seq: number): void {
    this.seq[line] = Math.max(seq, this.seq[line] ?? 0);
    writeFileAtomic(this.file, `${JSON.stringify({ seq: this.seq })}\n`);
  }
}
