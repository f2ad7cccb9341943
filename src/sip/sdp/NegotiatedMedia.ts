import type { G711 } from './codecs.js';
import type { Direction } from './SessionDescription.js';

/**
 * The outcome of one offer/answer exchange for the audio stream: where and how keyline sends,
 * what it hands to its `MediaEndpoint.setRemote()`.
 */
export interface NegotiatedMedia {
  /** The peer's RTP address; `0.0.0.0` under an RFC 2543 hold (then `direction` does not send). */
  address: string;
  port: number;
  rtcpPort: number;
  /** The payload type keyline sends with: the number from the peer's description. */
  payloadType: number;
  codec: G711;
  /** The peer's telephone-event payload type, if both sides have events. */
  telephoneEvent?: number;
  /** keyline's direction (as in the SDP keyline wrote or accepted): whether it sends, receives. */
  direction: Direction;
  /** The packet time the peer asked for, if any; keyline sends 20 ms whatever it is (DESIGN.md). */
  remotePtime?: number;
}
