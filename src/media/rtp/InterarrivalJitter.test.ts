import { describe, expect, it } from 'vitest';
import { InterarrivalJitter } from './InterarrivalJitter.js';

describe('InterarrivalJitter (RFC 3550 §6.4.1, A.8)', () => {
  it('is 0 for packets that arrive exactly as they were stamped', () => {
    const j = new InterarrivalJitter();
    for (let i = 0; i < 50; i += 1) j.update(1000 + 160 * i, 77 + 160 * i);
    expect(j.value).toBe(0);
  });

  it('follows J += (|D| − J) / 16', () => {
    const j = new InterarrivalJitter();
    j.update(0, 0);
    j.update(160, 160 + 80); // D = 80
    expect(j.value).toBe(5);
    j.update(320, 320); // D = -80
    expect(j.value).toBe(5 + (80 - 5) / 16);
    expect(j.reported).toBe(Math.trunc(5 + 75 / 16));
  });

  it('converges to the mean |D| for alternating delays, and survives a timestamp wrap', () => {
    const j = new InterarrivalJitter();
    let ts = 0xffffffff - 160 * 100;
    for (let i = 0; i < 1000; i += 1) {
      j.update(ts, 1e9 + 160 * i + (i % 2 === 0 ? 0 : 40));
      ts = (ts + 160) >>> 0;
    }
    expect(j.value).toBeCloseTo(40, 5);
  });

  it('reset forgets the reference', () => {
    const j = new InterarrivalJitter();
    j.update(0, 0);
    j.update(160, 400);
    j.reset();
    expect(j.value).toBe(0);
    j.update(5_000_000, 0);
    expect(j.value).toBe(0);
  });
});
