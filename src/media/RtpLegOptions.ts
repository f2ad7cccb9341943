import type { MediaTimer } from './clock/MediaTimer.js';
import type { G711Law } from './g711/G711Law.js';
import type { JitterBufferOptions } from './jitter/JitterBufferOptions.js';
import type { MediaLog, RemoteMedia } from './MediaEndpoint.js';
import type { MediaPortPool } from './MediaPortPool.js';
import type { Rfc4733SenderOptions } from './rtp/Rfc4733Sender.js';

export interface RtpLegOptions {
  pool: MediaPortPool;
  /** The IPv4 address the sockets bind to: the LAN address, `0.0.0.0`, or `127.0.0.1` in tests. */
  bindAddress: string;
  /** The address written into SDP; defaults to `bindAddress`, required when that is `0.0.0.0`. */
  advertisedAddress?: string;
  /** The leg's time (STYLE.md 8): arrival times for the jitter buffer, and its one timer, the RTCP report. */
  timer: MediaTimer;
  log?: MediaLog;
  /** Wall-clock ms since the Unix epoch, for the SR's NTP timestamp (default Date.now). */
  wallClock?: () => number;
  /** RTCP CNAME (RFC 3550 §6.5.1); default `keyline@<advertised address>`. */
  cname?: string;
  /** Unsigned 32-bit randoms for SSRC, first sequence and timestamp (default Web Crypto). */
  random?: () => number;
  /** The longest RTCP interval (default 5000 ms); each is drawn in [max/3, max]. */
  rtcpIntervalMs?: number;
  jitter?: JitterBufferOptions;
  dtmf?: Rfc4733SenderOptions;
  /**
   * The telephone-event payload type in keyline's own SDP (default 101, what keyline offers). The
   * peer sends events with keyline's number and keyline sends with the peer's (`telephoneEvent`
   * of the remote); when the two differ both are accepted on receipt.
   */
  localTelephoneEvent?: number;
  /**
   * How long the latched source must have been quiet before another source may take the latch
   * over (default 500 ms). Until then the socket is connected to the latched source and the
   * kernel drops everything else (strict RTP); a new SDP address (`setRemote`) frees it at once.
   */
  relatchQuietMs?: number;
}

/**
 * What `setRemote()` takes: the contract's `RemoteMedia`, and two fields the SIP layer knows from
 * SDP and MAY pass (`NegotiatedMedia` has both): the codec behind a dynamic payload type, and the
 * peer's RTCP port (RFC 3605 `a=rtcp`).
 */
export interface RtpLegRemote extends RemoteMedia {
  codec?: G711Law;
  rtcpPort?: number;
}

/** A snapshot for status and logs. Counters run from allocate(). */
export interface RtpLegStats {
  leg: string;
  state: 'new' | 'allocating' | 'open' | 'failed' | 'closed';
  localPort: number | null;
  /** keyline's SSRC on this leg. */
  ssrc: number;
  /** The peer's SSRC being received, once a packet came. */
  remoteSsrc: number | null;
  packetsIn: number;
  bytesIn: number;
  packetsOut: number;
  bytesOut: number;
  rtcpIn: number;
  rtcpOut: number;
  /** RFC 3550 A.3 cumulative packets lost from the peer's stream (events included in the count). */
  lost: number;
  /** RFC 3550 interarrival jitter of the peer's stream, in ms. */
  jitterMs: number;
  /** Jitter buffer: packets too late to play, frames concealed, current depth and target. */
  late: number;
  concealed: number;
  depthMs: number;
  targetMs: number;
  /** Where keyline sends RTP after symmetric latching, `address:port`; null before a packet latched. */
  latched: string | null;
  /** How many times the latch moved to a new source. */
  relatches: number;
  /** RTP from other sources than the latched one, ignored. */
  foreign: number;
  /** Datagrams that were not RTP or RTCP, or payloads that could not be decoded. */
  malformed: number;
  /** RTP with a payload type not negotiated, or audio not 20 ms long, ignored. */
  unexpected: number;
  /** RTP received before the first setRemote(), read and dropped. */
  absorbed: number;
  digitsIn: number;
  digitsOut: number;
  /** What the peer last reported about keyline's stream (its RR/SR block), jitter in ms. */
  peerReport: { fractionLost: number; cumulativeLost: number; jitterMs: number } | null;
  /** Whether the peer sent RTCP BYE. */
  byeReceived: boolean;
}
