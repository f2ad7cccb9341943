import { describe, expect, it } from 'vitest';
import { ntpFromUnixMs, ntpMiddle32, NTP_UNIX_OFFSET_SECONDS, unixMsFromNtp } from './NtpTimestamp.js';

describe('NTP timestamps (RFC 3550 §4)', () => {
  it('the Unix epoch is 2208988800 NTP seconds; half a second is fraction 2^31', () => {
    expect(ntpFromUnixMs(0)).toEqual({ seconds: NTP_UNIX_OFFSET_SECONDS, fraction: 0 });
    expect(ntpFromUnixMs(1500)).toEqual({ seconds: NTP_UNIX_OFFSET_SECONDS + 1, fraction: 0x80000000 });
  });

  it('round-trips times in era 0 and era 1 (after February 2036)', () => {
    for (const ms of [Date.UTC(2026, 10, 23, 22, 0, 0, 250), Date.UTC(2036, 1, 7, 6, 28, 16), Date.UTC(2040, 0, 1)]) {
      expect(unixMsFromNtp(ntpFromUnixMs(ms))).toBeCloseTo(ms, 3);
    }
    expect(ntpFromUnixMs(Date.UTC(2040, 0, 1)).seconds).toBeLessThan(0x80000000);
  });

  it('the middle 32 bits are 16.16 seconds', () => {
    expect(ntpMiddle32({ seconds: 0xabcd1234, fraction: 0x5678ffff })).toBe(0x12345678);
    expect(ntpMiddle32({ seconds: 0xffff, fraction: 0xffff0000 })).toBe(0xffffffff);
  });
});
