import { directionOf, receives, sends } from './direction.js';
import { firstCodec, G711_PAYLOAD_TYPE, OFFERED_CODECS, PTIME_MS, TELEPHONE_EVENT_PAYLOAD_TYPE, telephoneEventOf } from './codecs.js';
import type { G711 } from './codecs.js';
import type { LocalAudio, LocalDescription } from './LocalDescription.js';
import type { NegotiatedMedia } from './NegotiatedMedia.js';
import type { Direction, SessionDescription } from './SessionDescription.js';
import { streamView } from './streamView.js';

export interface OfferOptions {
  /** keyline's IPv4 address for `c=`. */
  address: string;
  /** The RTP port its media endpoint allocated. */
  port: number;
  /** Default `sendrecv`; `sendonly`/`inactive` when keyline itself holds the leg. */
  direction?: Direction;
  /** Default PCMU, PCMA (keyline's preference order). */
  codecs?: readonly G711[];
  /** The telephone-event payload type, or null to offer none. Default 101. */
  telephoneEvent?: number | null;
}

/** keyline's offer (RFC 3264 §5): one RTP/AVP audio stream, G.711 and telephone-event, 20 ms. */
export function createOffer(o: OfferOptions): LocalDescription {
  const te = o.telephoneEvent === undefined ? TELEPHONE_EVENT_PAYLOAD_TYPE : o.telephoneEvent;
  const audio: LocalAudio = {
    kind: 'audio',
    port: o.port,
    codecs: (o.codecs ?? OFFERED_CODECS).map((encoding) => ({ payloadType: G711_PAYLOAD_TYPE[encoding], encoding })),
    ...(te === null ? {} : { telephoneEvent: te }),
    ptime: PTIME_MS,
    direction: o.direction ?? 'sendrecv',
  };
  return { address: o.address, streams: [audio] };
}

export type AnswerRefusal = 'mismatched-streams' | 'stream-rejected' | 'unsupported-address' | 'no-common-codec';

/** `refused`: the call cannot have media as answered; the SIP layer ends it (BYE / CANCEL). */
export type AnswerOutcome = { kind: 'accepted'; media: NegotiatedMedia } | { kind: 'refused'; reason: AnswerRefusal };

/**
 * Reads the answer to keyline's `offer` (RFC 3264 §5, §6.1): the answerer's first codec among
 * those offered (matched by name; keyline sends with the answer's payload type number), its
 * telephone-event number, and keyline's direction: what it offered, narrowed by what the
 * answerer accepted (`recvonly` answer → keyline `sendonly`, and so on).
 */
export function acceptAnswer(offer: LocalDescription, answer: SessionDescription): AnswerOutcome {
  const index = offer.streams.findIndex((s) => s.kind === 'audio');
  const ours = offer.streams[index];
  const m = answer.media[index];
  if (ours === undefined || ours.kind !== 'audio' || m === undefined || answer.media.length !== offer.streams.length
    || m.media.toLowerCase() !== 'audio') {
    return { kind: 'refused', reason: 'mismatched-streams' };
  }
  if (m.port === 0) return { kind: 'refused', reason: 'stream-rejected' };
  const view = streamView(answer, m);
  if (!view.ipv4 || view.address === undefined) return { kind: 'refused', reason: 'unsupported-address' };
  const chosen = firstCodec(m, ours.codecs.map((c) => c.encoding));
  if (chosen === undefined) return { kind: 'refused', reason: 'no-common-codec' };
  const { payloadType, codec } = chosen;
  const te = ours.telephoneEvent === undefined ? undefined : telephoneEventOf(m);
  const direction = directionOf(sends(ours.direction) && receives(view.direction), receives(ours.direction) && sends(view.direction));
  return {
    kind: 'accepted',
    media: {
      address: view.address, port: m.port, rtcpPort: view.rtcpPort, payloadType, codec,
      ...(te === undefined ? {} : { telephoneEvent: te }),
      direction,
      ...(m.ptime === undefined ? {} : { remotePtime: m.ptime }),
    },
  };
}
