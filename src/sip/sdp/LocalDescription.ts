import type { G711 } from './codecs.js';
import type { Direction } from './SessionDescription.js';

/**
 * A description keyline writes (offer or answer), before it has an `o=` line: one plain RTP/AVP
 * audio stream, plus — in an answer — one rejected stream for every offered stream keyline did
 * not take, so that the answer has as many `m=` lines as the offer (RFC 3264 §6).
 */
export interface LocalAudio {
  kind: 'audio';
  /** The RTP port; 0 rejects the stream (then `codecs` still names one format, RFC 4566 §5.14). */
  port: number;
  /** In keyline's order of preference. */
  codecs: readonly { payloadType: number; encoding: G711 }[];
  /** The telephone-event payload type, if events are offered or were accepted. */
  telephoneEvent?: number;
  ptime: number;
  direction: Direction;
}

/** An offered stream keyline refuses: written back with port 0 and one of its formats. */
export interface RejectedStream {
  kind: 'rejected';
  media: string;
  proto: string;
  format: string;
}

export type LocalStream = LocalAudio | RejectedStream;

export interface LocalDescription {
  /** keyline's IPv4 address for `c=` and `o=`. */
  address: string;
  streams: readonly LocalStream[];
}

/** The `o=` values of one rendering: a session's fixed id and its current version. */
export interface OriginStamp {
  sessionId: string;
  version: number;
}
