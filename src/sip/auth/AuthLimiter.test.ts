import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { SipLog } from '../types.js';
import { AuthLimiter } from './AuthLimiter.js';

const POLICY = { authFailures: 5, window: 60_000, blockFor: 300_000 };

function setup(challengesPerSecond?: number) {
  const clock = new SimulatedClock(0);
  const lines: string[] = [];
  const log: SipLog = { log: (level, component, fields) => lines.push(`${level} ${component} ${JSON.stringify(fields)}`) };
  const limiter = new AuthLimiter({ policy: POLICY, clock, log, ...(challengesPerSecond === undefined ? {} : { challengesPerSecond }) });
  return { clock, limiter, lines };
}

describe('AuthLimiter: failures', () => {
  it('tolerates authFailures failures within the window; the next one blocks the address', () => {
    const { limiter, lines } = setup();
    for (let i = 0; i < 5; i++) expect(limiter.failure('192.0.2.9')).toBe(false);
    expect(limiter.isBlocked('192.0.2.9')).toBe(false);
    expect(limiter.failure('192.0.2.9')).toBe(true);
    expect(limiter.isBlocked('192.0.2.9')).toBe(true);
    expect(lines).toEqual(['warning sip {"event":"auth-blocked","address":"192.0.2.9","failures":6,"window":60,"for":300}']);
  });

  it('failures older than the window do not count', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 5; i++) limiter.failure('192.0.2.9');
    clock.advance(60_000);
    expect(limiter.failure('192.0.2.9')).toBe(false);
    for (let i = 0; i < 4; i++) limiter.failure('192.0.2.9');
    expect(limiter.isBlocked('192.0.2.9')).toBe(false);
    expect(limiter.failure('192.0.2.9')).toBe(true);
  });

  it('a block lasts blockFor on the clock, then ends by itself and leaves no timer', () => {
    const { clock, limiter, lines } = setup();
    for (let i = 0; i < 6; i++) limiter.failure('192.0.2.9');
    clock.advance(299_999);
    expect(limiter.isBlocked('192.0.2.9')).toBe(true);
    clock.advance(1);
    expect(limiter.isBlocked('192.0.2.9')).toBe(false);
    expect(clock.pendingCount).toBe(0);
    expect(lines.at(-1)).toBe('notice sip {"event":"auth-unblocked","address":"192.0.2.9"}');
    // A fresh start: it takes another six failures to block it again.
    for (let i = 0; i < 5; i++) expect(limiter.failure('192.0.2.9')).toBe(false);
  });

  it('a success forgets that address\'s failures, but unblocks nobody', () => {
    const { limiter } = setup();
    for (let i = 0; i < 6; i++) limiter.failure('192.0.2.66');
    for (let i = 0; i < 5; i++) limiter.failure('192.0.2.21');
    limiter.success('192.0.2.21');
    limiter.success('192.0.2.66');
    expect(limiter.isBlocked('192.0.2.66')).toBe(true);
    for (let i = 0; i < 5; i++) expect(limiter.failure('192.0.2.21')).toBe(false);
  });

  it('lists blocked addresses with the instant each block ends, soonest first', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 6; i++) limiter.failure('192.0.2.50');
    clock.advance(10_000);
    for (let i = 0; i < 6; i++) limiter.failure('192.0.2.40');
    for (let i = 0; i < 3; i++) limiter.failure('192.0.2.30');
    expect(limiter.blocked()).toEqual([
      { address: '192.0.2.50', until: 300_000 },
      { address: '192.0.2.40', until: 310_000 },
    ]);
  });

  it('an operator can lift a block; dispose stops every timer', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 6; i++) limiter.failure('192.0.2.50');
    for (let i = 0; i < 6; i++) limiter.failure('192.0.2.51');
    expect(limiter.unblock('192.0.2.50')).toBe(true);
    expect(limiter.unblock('192.0.2.50')).toBe(false);
    expect(limiter.isBlocked('192.0.2.50')).toBe(false);
    limiter.dispose();
    expect(clock.pendingCount).toBe(0);
    expect(limiter.blocked()).toEqual([]);
  });

  it('refuses a policy that could never block or never unblock', () => {
    const clock = new SimulatedClock();
    expect(() => new AuthLimiter({ policy: { ...POLICY, authFailures: 0 }, clock })).toThrow(RangeError);
    expect(() => new AuthLimiter({ policy: { ...POLICY, blockFor: 0 }, clock })).toThrow(RangeError);
  });
});

describe('AuthLimiter: challenges per second', () => {
  it('allows a burst of challengesPerSecond, then one more per 1/rate seconds', () => {
    const { clock, limiter } = setup(20);
    for (let i = 0; i < 20; i++) expect(limiter.allowChallenge('192.0.2.9')).toBe(true);
    expect(limiter.allowChallenge('192.0.2.9')).toBe(false);
    clock.advance(49);
    expect(limiter.allowChallenge('192.0.2.9')).toBe(false);
    clock.advance(1);
    expect(limiter.allowChallenge('192.0.2.9')).toBe(true);
    expect(limiter.allowChallenge('192.0.2.10')).toBe(true);
  });

  it('the allowance refills to the burst size and no further', () => {
    const { clock, limiter } = setup(5);
    for (let i = 0; i < 5; i++) limiter.allowChallenge('192.0.2.9');
    clock.advance(60_000);
    const granted = Array.from({ length: 10 }, () => limiter.allowChallenge('192.0.2.9')).filter(Boolean).length;
    expect(granted).toBe(5);
  });

  it('stays bounded when many addresses each try once, and never forgets a block', () => {
    const clock = new SimulatedClock(0);
    const limiter = new AuthLimiter({ policy: POLICY, clock, maxTracked: 100 });
    for (let i = 0; i < 6; i++) limiter.failure('198.51.100.1');
    for (let i = 0; i < 1000; i++) {
      clock.advance(1);
      limiter.allowChallenge(`203.0.113.${i % 250}-${i}`);
    }
    expect(limiter.isBlocked('198.51.100.1')).toBe(true);
    expect(limiter.trackedCount).toBeLessThanOrEqual(100);
  });
});
