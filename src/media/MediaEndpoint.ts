import type { AudioLeg } from './AudioLeg.js';

/**
 * What the SIP layer needs from media for one call leg (DESIGN.md: media is keyline's own RTP;
 * the SIP layer negotiates, the endpoint carries the audio). The composition root gives the SIP
 * layer a `MediaEndpointFactory`; the SIP layer makes one endpoint per leg:
 *
 *   const ep = factory.create(leg);
 *   const local = await ep.allocate();      // its address and port go into keyline's SDP
 *   ep.setRemote({ ... });                  // after each completed offer/answer
 *   await ep.close();                       // BYE, CANCEL, failure: always, exactly when the leg ends
 */

export interface MediaAddress {
  /** The IPv4 address keyline advertises in `c=` for this endpoint. */
  address: string;
  /** The RTP port: even; RTCP is `port + 1` (RFC 3550 §11). */
  port: number;
}

/** keyline's direction on the leg, as in the SDP keyline wrote or accepted (RFC 3264 §5.1). */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The outcome of an offer/answer exchange, seen from keyline. */
export interface RemoteMedia {
  /** The peer's RTP address; `0.0.0.0` under an RFC 2543 hold (then `direction` does not send). */
  address: string;
  /** The peer's RTP port, 0..65535 (0: the stream was rejected; nothing is sent). */
  port: number;
  /** The payload type keyline sends with (PCMU 0, PCMA 8, or the peer's dynamic number). */
  payloadType: number;
  /** The peer's telephone-event payload type (RFC 4733), if events were negotiated. */
  telephoneEvent?: number;
  direction: MediaDirection;
  /** The G.711 law behind `payloadType` (needed when the peer gave G.711 a dynamic number). */
  codec?: 'PCMU' | 'PCMA';
  /** The peer's RTCP port when its SDP named one (RFC 3605 `a=rtcp`); default `port + 1`. */
  rtcpPort?: number;
}

/**
 * One call leg's media.
 *
 * - `allocate()` MUST be called once, first. It MUST reserve an even RTP port (and its RTCP
 *   port) before it resolves, so the port in keyline's SDP is already open when the peer gets it.
 *   It rejects with `MediaError` `ports-exhausted` or `bind-failed`, or `closed` when `close()`
 *   came first; a second call is misuse and throws.
 * - `setRemote()` MAY be called many times (every re-INVITE); each call replaces the previous
 *   remote. It MUST NOT be called before `allocate()` resolved (misuse: throws). After `close()`
 *   it is ignored. The endpoint MUST NOT send before the first `setRemote()`, MUST NOT send
 *   while `direction` is `recvonly` or `inactive`, and MUST NOT send to port 0 or `0.0.0.0`.
 * - Received packets on the port MUST be read and consumed (never left to queue in the kernel),
 *   whatever the direction; a peer's RTP before `setRemote()` is absorbed.
 * - `close()` MUST stop all sending, close its sockets and release its ports; it resolves once
 *   the ports can be bound again. It MUST be idempotent (later calls return the same promise)
 *   and MUST be safe while `allocate()` is pending.
 * - An endpoint MUST NOT throw or emit errors asynchronously: socket errors after `allocate()`
 *   are logged and the endpoint stays usable or silent until closed.
 */
export interface MediaEndpoint {
  /** The leg's audio for the line conference (see `AudioLeg`), or null for an endpoint without any. */
  readonly audio: AudioLeg | null;
  allocate(): Promise<MediaAddress>;
  setRemote(remote: RemoteMedia): void;
  close(): Promise<void>;
}

/** Makes one endpoint per call leg; `leg` names it in logs. */
export interface MediaEndpointFactory {
  create(leg: string): MediaEndpoint;
}

export type MediaErrorCode = 'ports-exhausted' | 'bind-failed' | 'closed';

/** An expected media failure (STYLE.md 6); the SIP layer answers the call 503 or ends the leg. */
export class MediaError extends Error {
  override readonly name = 'MediaError';

  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type MediaLogLevel = 'error' | 'warning' | 'notice' | 'info' | 'debug';

/** Structurally the service's Logger (src/media imports core types only). */
export interface MediaLog {
  log(level: MediaLogLevel, component: string, fields: Record<string, string | number | boolean | null | undefined>): void;
}
