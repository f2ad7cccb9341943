import { describe, expect, it } from 'vitest';
import { NonceCounts } from './NonceCounts.js';

describe('NonceCounts', () => {
  it('accepts rising counts per key and refuses a count seen or passed', () => {
    const counts = new NonceCounts();
    expect(counts.accept('n1', 1, 100, 0)).toBe(true);
    expect(counts.accept('n1', 1, 100, 0)).toBe(false);
    expect(counts.accept('n1', 3, 100, 0)).toBe(true);
    expect(counts.accept('n1', 2, 100, 0)).toBe(false);
    expect(counts.accept('n2', 1, 100, 0)).toBe(true);
  });

  it('forgets keys whose nonce has gone stale, so it does not grow without end', () => {
    const counts = new NonceCounts();
    for (let i = 0; i < 1000; i++) counts.accept(`n${i}`, 1, i, i + 1);
    expect(counts.size).toBeLessThan(130);
  });
});
