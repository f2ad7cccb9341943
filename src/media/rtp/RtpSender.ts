import { FRAME_SAMPLES } from '../Frame.js';
import { checkUint } from './checkUint.js';
import { randomUint32 } from './randomUint32.js';
import { RTP_HEADER_OCTETS } from './RtpPacket.js';
import type { RtpPacket } from './RtpPacket.js';
import { writeRtpHeader } from './writeRtpHeader.js';

function checkSamples(samples: number): void {
  if (!Number.isInteger(samples) || samples <= 0 || samples > 0xffff) throw new RangeError(`samples must be an integer 1..65535, got ${samples}`);
}

export interface RtpSenderOptions {
  /** The payload type of audio packets (PCMU 0, PCMA 8, or the peer's dynamic number). */
  payloadType: number;
  /** Unsigned 32-bit random numbers for SSRC, first sequence number and first timestamp (default: Web Crypto). */
  random?: () => number;
}

/** What an SR reports about this sender (RFC 3550 §6.4.1); reset with the SSRC. */
export interface RtpSenderCounts {
  packets: number;
  octets: number;
}

/**
 * The sending side of one RTP stream (RFC 3550 §5.1, RFC 3551 §4.1), driven by the 20 ms media
 * clock: each tick is either `audioInto()` (a packet) or `silence()` (nothing sent, time passes).
 *
 * - SSRC, first sequence number and first timestamp are random.
 * - The timestamp counts samples: it advances by the frame's samples (160 per 20 ms) each tick,
 *   sent or not, so the peer sees the gap; the sequence number advances only per packet sent.
 * - The marker is set on the first audio packet of a talkspurt: the very first, and the first
 *   after one or more `silence()` ticks (RFC 3551 §4.1).
 * - `changeSsrc()` makes a new source (after an SSRC collision, RFC 3550 §8.2, or on demand):
 *   new random SSRC, sequence and timestamp, counts back to zero, marker on the next packet.
 * - `event()` sends a packet of another payload type (RFC 4733 telephone-events) on the same
 *   SSRC and sequence space, with the timestamp the caller gives; it does not move the clock.
 */
export class RtpSender {
  private readonly random: () => number;
  private payloadType: number;
  private currentSsrc = 0;
  private nextSequence = 0;
  private nextTimestamp = 0;
  private talkspurt = true;
  private readonly sent: RtpSenderCounts = { packets: 0, octets: 0 };

  constructor(options: RtpSenderOptions) {
    checkUint('payloadType', options.payloadType, 127);
    this.payloadType = options.payloadType;
    this.random = options.random ?? randomUint32;
    this.restart();
  }

  /** A re-negotiation changed the audio payload type: later audio packets carry the new one, on the same SSRC. */
  setPayloadType(payloadType: number): void {
    checkUint('payloadType', payloadType, 127);
    this.payloadType = payloadType;
  }

  get ssrc(): number {
    return this.currentSsrc;
  }

  /** The RTP timestamp of the current tick: the next audio packet carries it. */
  get timestamp(): number {
    return this.nextTimestamp;
  }

  /** The sequence number the next packet will carry. */
  get sequence(): number {
    return this.nextSequence;
  }

  /** Packets and payload octets sent under the current SSRC. */
  get counts(): Readonly<RtpSenderCounts> {
    return this.sent;
  }

  /**
   * This tick's audio, written in place: the 12-octet header stamped with the tick's timestamp goes
   * into `packet[0..12)` and the payload is the rest of `packet`, which the caller fills (the leg
   * encodes into it); the clock then moves on by `samples`.
   */
  audioInto(packet: Uint8Array, samples = FRAME_SAMPLES): void {
    checkSamples(samples);
    if (packet.length < RTP_HEADER_OCTETS) throw new RangeError(`packet must hold at least ${RTP_HEADER_OCTETS} octets, got ${packet.length}`);
    writeRtpHeader(packet, this.talkspurt, this.payloadType, this.nextSequence, this.nextTimestamp, this.currentSsrc);
    this.nextSequence = (this.nextSequence + 1) & 0xffff;
    this.sent.packets += 1;
    this.sent.octets += packet.length - RTP_HEADER_OCTETS;
    this.talkspurt = false;
    this.advance(samples);
  }

  /** This tick sends no audio (silence suppressed, hold, an event in progress): the clock moves on, the next audio starts a talkspurt. */
  silence(samples = FRAME_SAMPLES): void {
    checkSamples(samples);
    this.talkspurt = true;
    this.advance(samples);
  }

  /** A packet of another payload type on this stream (RFC 4733 events), stamped as the caller says. */
  event(payloadType: number, payload: Uint8Array, timestamp: number, marker: boolean): RtpPacket {
    checkUint('payloadType', payloadType, 127);
    checkUint('timestamp', timestamp, 0xffffffff);
    return this.packet(payloadType, payload, timestamp, marker);
  }

  /** A new source: new random SSRC (different from the old one), sequence and timestamp; counts reset. */
  changeSsrc(): number {
    const old = this.currentSsrc;
    this.restart();
    while (this.currentSsrc === old) this.currentSsrc = this.random() >>> 0;
    return this.currentSsrc;
  }

  private restart(): void {
    this.currentSsrc = this.random() >>> 0;
    this.nextSequence = this.random() & 0xffff;
    this.nextTimestamp = this.random() >>> 0;
    this.talkspurt = true;
    this.sent.packets = 0;
    this.sent.octets = 0;
  }

  private advance(samples: number): void {
    this.nextTimestamp = (this.nextTimestamp + samples) >>> 0;
  }

  private packet(payloadType: number, payload: Uint8Array, timestamp: number, marker: boolean): RtpPacket {
    const packet: RtpPacket = { marker, payloadType, sequence: this.nextSequence, timestamp, ssrc: this.currentSsrc, csrc: [], padding: 0, payload };
    this.nextSequence = (this.nextSequence + 1) & 0xffff;
    this.sent.packets += 1;
    this.sent.octets += payload.length;
    return packet;
  }
}
