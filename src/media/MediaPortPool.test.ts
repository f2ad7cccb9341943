import { describe, expect, it } from 'vitest';
import { MediaError } from './MediaEndpoint.js';
import { MediaPortPool } from './MediaPortPool.js';

describe('MediaPortPool', () => {
  it('hands out the even ports of the range whose RTCP port is inside it', () => {
    const pool = new MediaPortPool({ min: 10001, max: 10008 });
    expect(pool.capacity).toBe(3);
    expect([pool.acquire(), pool.acquire(), pool.acquire()]).toEqual([10002, 10004, 10006]);
    expect(pool.inUse).toBe(3);
    expect(pool.available).toBe(0);
  });

  it('throws MediaError ports-exhausted naming the range when every port is in use', () => {
    const pool = new MediaPortPool({ min: 20000, max: 20003 });
    pool.acquire();
    pool.acquire();
    let error: unknown;
    try { pool.acquire(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: 'ports-exhausted', message: 'all 2 RTP ports of 20000-20003 are in use' });
  });

  it('reuses released ports, the longest free first', () => {
    const pool = new MediaPortPool({ min: 30000, max: 30007 });
    const [a, b, c] = [pool.acquire(), pool.acquire(), pool.acquire()];
    pool.release(b);
    pool.release(a);
    expect([pool.acquire(), pool.acquire(), pool.acquire()]).toEqual([30006, b, a]);
    expect(() => pool.acquire()).toThrow(MediaError);
    pool.release(c);
    expect(pool.acquire()).toBe(c);
  });

  it('refuses to release a port it did not hand out, and a range without a pair', () => {
    const pool = new MediaPortPool({ min: 30000, max: 30003 });
    expect(() => pool.release(30000)).toThrow(/not in use/);
    expect(() => pool.release(12)).toThrow(/not in use/);
    expect(() => new MediaPortPool({ min: 30001, max: 30002 })).toThrow(/no even RTP port/);
    expect(() => new MediaPortPool({ min: 80, max: 100 })).toThrow(/range.min/);
    expect(() => new MediaPortPool({ min: 30000, max: 70000 })).toThrow(/range.max/);
    expect(() => new MediaPortPool({ min: 30000, max: 29000 })).toThrow(/range.max/);
  });
});
