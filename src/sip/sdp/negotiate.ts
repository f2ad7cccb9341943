import { answerDirection } from './direction.js';
import { firstCodec, OFFERED_CODECS, PTIME_MS, telephoneEventOf } from './codecs.js';
import type { G711 } from './codecs.js';
import type { LocalAudio, LocalDescription, LocalStream, RejectedStream } from './LocalDescription.js';
import type { NegotiatedMedia } from './NegotiatedMedia.js';
import type { Direction, MediaDescription, SessionDescription } from './SessionDescription.js';
import { streamView } from './streamView.js';
import type { StreamView } from './streamView.js';

/** What keyline can do on one call leg when it answers. */
export interface AnswerCapabilities {
  /** keyline's IPv4 address for `c=`. */
  address: string;
  /** The RTP port its media endpoint allocated. */
  port: number;
  /** What keyline itself wants: `sendrecv`, or less while it holds the leg. Default `sendrecv`. */
  direction?: Direction;
  /** The codecs keyline accepts. Default PCMU and PCMA; the offerer's order decides between them. */
  codecs?: readonly G711[];
  /** Whether keyline accepts telephone-event. Default true. */
  telephoneEvent?: boolean;
}

export type AnswerRejectReason = 'no-audio' | 'unsupported-transport' | 'unsupported-address' | 'no-common-codec';

/** The RFC 3261 §20.43 warn-code a 488 carries for each reason. */
export const REJECT_WARNING: Readonly<Record<AnswerRejectReason, { code: number; text: string }>> = {
  'no-audio': { code: 304, text: 'Media type not available' },
  'unsupported-transport': { code: 302, text: 'Incompatible transport protocol' },
  'unsupported-address': { code: 301, text: 'Incompatible network address formats' },
  'no-common-codec': { code: 305, text: 'Incompatible media format' },
};

/**
 * `accepted`: send `answer` (200 OK or the ACK/PRACK body) and give `media` to the endpoint.
 * `rejected`: every stream is refused (`answer` has them all at port 0); the SIP layer answers
 * 488 Not Acceptable Here with `REJECT_WARNING[reason]`, and a re-INVITE leaves the call as it was.
 */
export type AnswerResult =
  | { kind: 'accepted'; answer: LocalDescription; media: NegotiatedMedia }
  | { kind: 'rejected'; status: 488; reason: AnswerRejectReason; answer: LocalDescription };

function rejected(m: MediaDescription): RejectedStream {
  return { kind: 'rejected', media: m.media, proto: m.proto, format: m.formats[0] ?? '0' };
}

type Take = { stream: LocalAudio; media: NegotiatedMedia } | { reason: AnswerRejectReason };

function take(view: StreamView, caps: AnswerCapabilities): Take {
  const m = view.media;
  if (m.proto.toUpperCase() !== 'RTP/AVP') return { reason: 'unsupported-transport' };
  if (!view.ipv4 || view.address === undefined) return { reason: 'unsupported-address' };
  const chosen = firstCodec(m, caps.codecs ?? OFFERED_CODECS);
  if (chosen === undefined) return { reason: 'no-common-codec' };
  const { payloadType, codec } = chosen;
  const te = caps.telephoneEvent === false ? undefined : telephoneEventOf(m);
  const direction = answerDirection(view.direction, caps.direction ?? 'sendrecv');
  const events = te === undefined ? {} : { telephoneEvent: te };
  return {
    stream: { kind: 'audio', port: caps.port, codecs: [{ payloadType, encoding: codec }], ...events, ptime: PTIME_MS, direction },
    media: {
      address: view.address, port: m.port, rtcpPort: view.rtcpPort, payloadType, codec, ...events, direction,
      ...(m.ptime === undefined ? {} : { remotePtime: m.ptime }),
    },
  };
}

/**
 * RFC 3264 §6 answerer for one call leg. keyline takes the first offered plain RTP/AVP audio
 * stream that has PCMU or PCMA, choosing between them in the offerer's order of preference, with
 * the offerer's telephone-event payload type if it offered one; it answers the direction per §6.1
 * against its own (`sendonly` → `recvonly`, `inactive` → `inactive`, a `c=0.0.0.0` hold as
 * `sendonly`). Every other stream is answered with port 0.
 */
export function answerOffer(offer: SessionDescription, caps: AnswerCapabilities): AnswerResult {
  let chosen: NegotiatedMedia | undefined;
  let reason: AnswerRejectReason | undefined;
  const streams: LocalStream[] = [];
  for (const m of offer.media) {
    const t = chosen === undefined && m.media.toLowerCase() === 'audio' && m.port !== 0 ? take(streamView(offer, m), caps) : undefined;
    if (t === undefined || 'reason' in t) {
      reason ??= t?.reason;
      streams.push(rejected(m));
    } else {
      chosen = t.media;
      streams.push(t.stream);
    }
  }
  const answer = { address: caps.address, streams };
  if (chosen === undefined) return { kind: 'rejected', status: 488, reason: reason ?? 'no-audio', answer };
  return { kind: 'accepted', answer, media: chosen };
}
