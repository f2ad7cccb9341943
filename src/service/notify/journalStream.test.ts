import { describe, expect, it } from 'vitest';
import { isJournalStream, logLineWriter } from './journalStream.js';

describe('isJournalStream', () => {
  const stat = () => ({ dev: 25, ino: 4711 });
  it('is true only when JOURNAL_STREAM names this fd\'s device and inode', () => {
    expect(isJournalStream({ JOURNAL_STREAM: '25:4711' }, 1, stat)).toBe(true);
    expect(isJournalStream({ JOURNAL_STREAM: '25:4712' }, 1, stat)).toBe(false);
    expect(isJournalStream({}, 1, stat)).toBe(false);
    expect(isJournalStream({ JOURNAL_STREAM: 'junk' }, 1, stat)).toBe(false);
    expect(isJournalStream({ JOURNAL_STREAM: '25:4711' }, 1, () => { throw new Error('EBADF'); })).toBe(false);
  });
});

describe('logLineWriter', () => {
  function sink(isTTY: boolean) {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (s: string) => out.push(s) } };
  }
  it('keeps the <N> priority prefix for the journal and for pipes', () => {
    const pipe = sink(false);
    logLineWriter(pipe.stream, false)('<6>fxo line=line1 event=ringing');
    const journal = sink(true);
    logLineWriter(journal.stream, true)('<4>panel id=desk1 event=lost');
    expect(pipe.out).toEqual(['<6>fxo line=line1 event=ringing\n']);
    expect(journal.out).toEqual(['<4>panel id=desk1 event=lost\n']);
  });

  it('drops it on an interactive terminal', () => {
    const tty = sink(true);
    logLineWriter(tty.stream, false)('<5>service event=ready');
    expect(tty.out).toEqual(['service event=ready\n']);
  });
});
