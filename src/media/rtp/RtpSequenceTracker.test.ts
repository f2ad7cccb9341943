import { describe, expect, it } from 'vitest';
import { RtpSequenceTracker } from './RtpSequenceTracker.js';

const feed = (t: RtpSequenceTracker, seqs: number[]): boolean[] => seqs.map((s) => t.update(s));

describe('RtpSequenceTracker (RFC 3550 A.1, A.3)', () => {
  it('a new source is on probation for MIN_SEQUENTIAL packets in sequence', () => {
    const t = new RtpSequenceTracker();
    expect(feed(t, [100])).toEqual([false]);
    expect(t.valid).toBe(false);
    expect(t.expected).toBe(0);
    expect(feed(t, [101, 102])).toEqual([true, true]);
    expect(t.valid).toBe(true);
    expect({ received: t.received, expected: t.expected, lost: t.cumulativeLost, high: t.extendedHighest }).toEqual({ received: 2, expected: 2, lost: 0, high: 102 });
  });

  it('probation restarts on a packet out of sequence', () => {
    const t = new RtpSequenceTracker({ minSequential: 3 });
    expect(feed(t, [10, 11, 20, 21, 22])).toEqual([false, false, false, false, true]);
    expect(t.received).toBe(1);
  });

  it('validates across the wrap: 65535 then 0 (where the RFC C would not)', () => {
    const t = new RtpSequenceTracker();
    expect(feed(t, [65535, 0, 1])).toEqual([false, true, true]);
    expect(t.valid).toBe(true);
    // Validation re-bases the counts on the packet that completed probation (A.1 init_seq).
    expect(t.extendedHighest).toBe(1);
    expect(t.cycles).toBe(0);
  });

  it('counts loss, a wrap, duplicates and late packets as A.3 does', () => {
    const t = new RtpSequenceTracker();
    feed(t, [65530, 65531]); // valid at 65531, base 65531
    expect(feed(t, [65533, 65532, 65532, 2])).toEqual([true, true, true, true]); // gap, late, duplicate, wrap with a gap
    expect(t.extendedHighest).toBe(0x10002);
    // expected: 65531..65535, 0..2 = 8; received: 65531, 65533, 65532, 65532(dup), 2 = 5
    expect(t.expected).toBe(8);
    expect(t.received).toBe(5);
    expect(t.cumulativeLost).toBe(3);
  });

  it('fraction lost is per interval, in 1/256, and 0 when duplicates outnumber losses', () => {
    const t = new RtpSequenceTracker();
    feed(t, [1, 2]); // valid at 2
    feed(t, [3, 5, 6, 8]); // expected 2..8 = 7, received 5 (2,3,5,6,8): lost 2
    expect(t.takeFractionLost()).toBe(Math.floor((2 * 256) / 7));
    expect(t.takeFractionLost()).toBe(0); // nothing new
    feed(t, [9, 9, 9]);
    expect(t.takeFractionLost()).toBe(0);
    expect(t.cumulativeLost).toBe(0); // duplicates pay back the loss
    feed(t, [9, 9]);
    expect(t.cumulativeLost).toBe(-2);
  });

  it('a jump beyond MAX_DROPOUT is refused once, and taken as a restart when the next packet follows it', () => {
    const t = new RtpSequenceTracker();
    feed(t, [1000, 1001, 1002]);
    expect(t.update(9000)).toBe(false);
    expect(t.extendedHighest).toBe(1002);
    expect(t.update(1003)).toBe(true); // the stray was alone
    expect(t.update(20000)).toBe(false);
    expect(t.update(20001)).toBe(true); // restarted
    expect({ high: t.extendedHighest, received: t.received, expected: t.expected }).toEqual({ high: 20001, received: 1, expected: 1 });
  });

  it('a step back of more than MAX_MISORDER is a jump, not a late packet', () => {
    const t = new RtpSequenceTracker({ maxMisorder: 100 });
    feed(t, [5000, 5001]);
    expect(t.update(4950)).toBe(true); // late, within 100
    expect(t.update(4800)).toBe(false); // 201 back
    expect(t.extendedHighest).toBe(5001);
  });

  it('refuses bad options', () => {
    expect(() => new RtpSequenceTracker({ maxDropout: 0 })).toThrow(/maxDropout/);
    expect(() => new RtpSequenceTracker({ maxMisorder: 40000 })).toThrow(/maxMisorder/);
    expect(() => new RtpSequenceTracker({ minSequential: 0 })).toThrow(/minSequential/);
  });
});
