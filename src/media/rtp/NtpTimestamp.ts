/**
 * A 64-bit NTP timestamp (RFC 3550 §4): whole seconds since 1900-01-01 UTC and a 32-bit binary
 * fraction. Seconds wrap at 2^32 (era 1 begins in February 2036); RTCP only ever compares the
 * middle 32 bits, which wrap every 18 hours anyway.
 */
export interface NtpTimestamp {
  seconds: number;
  fraction: number;
}

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

const TWO_32 = 0x1_0000_0000;

/** The NTP timestamp of a wall-clock time in milliseconds since the Unix epoch (fractional ms kept). */
export function ntpFromUnixMs(ms: number): NtpTimestamp {
  const whole = Math.floor(ms / 1000);
  let fraction = Math.round(((ms - whole * 1000) / 1000) * TWO_32);
  let seconds = whole + NTP_UNIX_OFFSET_SECONDS;
  if (fraction >= TWO_32) {
    fraction -= TWO_32;
    seconds += 1;
  }
  return { seconds: ((seconds % TWO_32) + TWO_32) % TWO_32, fraction };
}

/**
 * The Unix-epoch milliseconds of an NTP timestamp. Seconds with the high bit clear are taken as
 * era 1 (2036-2104), as RFC 4330 §3 suggests; with it set, era 0 (1968-2036).
 */
export function unixMsFromNtp(ntp: NtpTimestamp): number {
  const seconds = ntp.seconds < 0x8000_0000 ? ntp.seconds + TWO_32 : ntp.seconds; // era 1 after 2036
  return (seconds - NTP_UNIX_OFFSET_SECONDS) * 1000 + (ntp.fraction / TWO_32) * 1000;
}

/** The middle 32 bits (16.16 fixed-point seconds): RTCP's LSR field, and the unit of round-trip sums. */
export function ntpMiddle32(ntp: NtpTimestamp): number {
  return (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
}
