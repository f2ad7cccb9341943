import type { Frame } from '../Frame.js';

/** One decoded 20 ms packet as the jitter buffer takes it (RTP header fields, unsigned). */
export interface JitterPacket {
  ssrc: number;
  /** RTP sequence number, 0..65535. */
  sequence: number;
  /** RTP timestamp, 0..2^32−1, in 8 kHz samples. */
  timestamp: number;
  /** The decoded audio: exactly FRAME_SAMPLES samples. The buffer keeps and later returns this array. */
  payload: Frame;
}

export interface JitterBufferOptions {
  /** The smallest playout delay the buffer shrinks to (default 20 ms). */
  minMs?: number;
  /** The largest playout delay; packets further ahead than this restart the stream (default 200 ms). */
  maxMs?: number;
  /** The delay a new stream starts with (default 60 ms). */
  initialMs?: number;
  /** Frames (20 ms each) the delay must stay over target before one frame is dropped (default 100: 2 s). */
  windowFrames?: number;
  /** Frames without a late packet before the learnt target comes down one frame (default 250: 5 s). */
  decayFrames?: number;
  /** Mean absolute sample value under which a frame is quiet enough to drop unheard (default 256, about −42 dBFS). */
  quietLevel?: number;
}

/** Counters since the buffer was made; `depthMs`, `targetMs` and `jitterMs` are current values. */
export interface JitterBufferStats {
  /** Frames played from packets. */
  played: number;
  /** Packets never played: sequence numbers missing when a later packet played (lost, or arrived too late). */
  lost: number;
  /** Packets dropped because they arrived after their playout time, or as strays far out of sequence or time. */
  late: number;
  /** Packets dropped as duplicates of one buffered or recently played. */
  duplicates: number;
  /** Concealment frames played in place of a missing one. */
  concealed: number;
  /** Frames dropped unplayed to shrink the delay. */
  shrunk: number;
  /** Ticks held (nothing consumed) to grow the delay. */
  grown: number;
  /** Restarts: a new SSRC, or a timestamp jump the stream's sequence confirmed. */
  resyncs: number;
  /** Audio buffered ahead of the playout point. */
  depthMs: number;
  /** The delay the buffer aims at. */
  targetMs: number;
  /** Interarrival jitter (RFC 3550 §6.4.1 estimator) in milliseconds. */
  jitterMs: number;
}
