import { describe, expect, it } from 'vitest';
import { WriteQueue } from './WriteQueue.js';

describe('WriteQueue', () => {
  it('one write at a time; control ahead of queued audio; audio beyond the limit dropped', () => {
    const writes: string[] = [];
    const pending: Array<() => void> = [];
    const q = new WriteQueue((b, done) => {
      writes.push(b.toString());
      pending.push(() => done(null));
    }, () => undefined, 2);
    const push = (s: string, audio = false): void => q.push(Buffer.from(s), audio);
    push('c1');
    push('a1', true);
    push('a2', true);
    push('a3', true);
    push('c2');
    expect(writes).toEqual(['c1']);
    while (pending.length > 0) pending.shift()?.();
    expect(writes).toEqual(['c1', 'c2', 'a1', 'a2']);
    expect(q.dropped).toBe(1);
  });

  it('a failed write reports once and stops; close forgets the rest', () => {
    const errors: string[] = [];
    const q = new WriteQueue((_b, done) => done(new Error('EIO')), (e) => errors.push(e.message));
    q.push(Buffer.from('x'));
    expect(errors).toEqual(['EIO']);
    q.close();
    q.push(Buffer.from('y'));
    expect(q.length).toBe(0);
  });
});
