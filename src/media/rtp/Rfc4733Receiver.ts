import { decodeTelephoneEvent, eventToDigit } from './Rfc4733Event.js';
import type { TelephoneEvent } from './Rfc4733Event.js';
import { RtpError } from './RtpError.js';

/** The RTP fields of a telephone-event packet the receiver needs. */
export interface Rfc4733Packet {
  ssrc: number;
  timestamp: number;
  payload: Uint8Array;
}

/** A key press, reported once, when its first packet (whichever survived) arrives. */
export interface ReceivedDigit {
  digit: string;
  /** The event's RTP timestamp: its start, and what tells one press from the next. */
  timestamp: number;
}

interface Seen {
  timestamp: number;
  event: number;
  ended: boolean;
  duration: number;
}

/** Events remembered per source, to recognise retransmissions and reordered packets of recent presses. */
const REMEMBERED = 16;

/**
 * Turns received RFC 4733 telephone-event packets into exactly one digit per key press.
 *
 * An event is identified by its RTP timestamp (§2.5.1.1: all packets of one event carry the
 * timestamp of its start), so the start packet (marker), the updates, the three end packets and
 * any duplicate all belong to the press they name; whichever of them arrives first reports it,
 * so a lost start packet delays the digit by one packet and a lost press entirely is lost.
 * A packet older than the newest event seen (a straggler of an earlier press) is ignored; so is
 * the next segment of a long event (§2.5.1.3: a new timestamp continuing an unended event of the
 * same code whose duration reached the 16-bit limit). A new SSRC forgets everything.
 */
export class Rfc4733Receiver {
  private ssrc: number | undefined;
  private seen: Seen[] = [];
  /** Packets that could not be read (shorter than 4 octets). */
  malformed = 0;

  /** One packet; returns the digit when it begins a new press, else null. */
  receive(packet: Rfc4733Packet): ReceivedDigit | null {
    let e: TelephoneEvent;
    try {
      e = decodeTelephoneEvent(packet.payload);
    } catch (err) {
      if (err instanceof RtpError) {
        this.malformed += 1;
        return null;
      }
      throw err;
    }
    if (packet.ssrc !== this.ssrc) {
      this.ssrc = packet.ssrc;
      this.seen = [];
    }
    const ts = packet.timestamp >>> 0;
    const known = this.seen.find((s) => s.timestamp === ts);
    if (known !== undefined) {
      known.ended ||= e.end;
      known.duration = Math.max(known.duration, e.duration);
      return null;
    }
    const newest = this.seen.at(-1);
    if (newest !== undefined && ((ts - newest.timestamp) | 0) < 0) return null; // a straggler of an earlier press
    const continues = newest !== undefined && !newest.ended && newest.event === e.event && newest.duration >= 0xff00;
    this.seen.push({ timestamp: ts, event: e.event, ended: e.end, duration: e.duration });
    if (this.seen.length > REMEMBERED) this.seen.shift();
    if (continues) return null;
    const digit = eventToDigit(e.event);
    return digit === undefined ? null : { digit, timestamp: ts };
  }

  /** Forgets the source and its events. */
  reset(): void {
    this.ssrc = undefined;
    this.seen = [];
  }
}
