import { checkUint } from './checkUint.js';
import { RtpError } from './RtpError.js';

/**
 * The RFC 4733 §2.3 telephone-event payload: one 4-octet block.
 *
 *    0                   1                   2                   3
 *   |     event     |E|R| volume    |          duration             |
 */
export interface TelephoneEvent {
  /** The event code, 0..255 (§3.2: 0-9, 10 `*`, 11 `#`, 12-15 A-D, 16 flash). */
  event: number;
  /** The E bit: the event has ended; the duration is final. */
  end: boolean;
  /** Power level of the tone, 0..63, in −dBm0 (0 is loudest). */
  volume: number;
  /** Duration so far, in RTP timestamp units (samples at 8 kHz), 0..65535. */
  duration: number;
}

export const TELEPHONE_EVENT_OCTETS = 4;

/** The DTMF digits by event code (RFC 4733 §3.2, table 7). */
export const DTMF_DIGITS = '0123456789*#ABCD';

export function encodeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  checkUint('event', e.event, 255);
  checkUint('volume', e.volume, 63);
  checkUint('duration', e.duration, 0xffff);
  return Uint8Array.of(e.event, (e.end ? 0x80 : 0) | e.volume, e.duration >> 8, e.duration & 0xff);
}

/**
 * Reads the first event block of a payload; more blocks (only with RFC 2198 redundancy, which
 * keyline does not negotiate) are ignored, as is the reserved bit. Fewer than 4 octets throw
 * `RtpError` `truncated`.
 */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  if (payload.length < TELEPHONE_EVENT_OCTETS) throw new RtpError('truncated', `a telephone-event needs ${TELEPHONE_EVENT_OCTETS} octets, got ${payload.length}`);
  const [event = 0, flags = 0, high = 0, low = 0] = payload;
  return { event, end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: (high << 8) | low };
}

/** The event code of a DTMF digit (`0-9 * # A-D`, letters in either case); anything else is misuse and throws. */
export function digitToEvent(digit: string): number {
  const code = digit.length === 1 ? DTMF_DIGITS.indexOf(digit.toUpperCase()) : -1;
  if (code < 0) throw new RangeError(`digit must be one of ${DTMF_DIGITS}, got "${digit}"`);
  return code;
}

/** The DTMF digit of an event code, or undefined for other events (flash, tones). */
export function eventToDigit(event: number): string | undefined {
  return event >= 0 && event < DTMF_DIGITS.length ? DTMF_DIGITS[event] : undefined;
}
