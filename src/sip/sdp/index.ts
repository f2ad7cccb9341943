/** SDP for plain RTP/AVP G.711 calls: parse, build, RFC 3264 offer/answer, hold detection. */
export { SdpError } from './SdpError.js';
export type { SdpErrorCode } from './SdpError.js';
export type {
  AddressType, Direction, MediaDescription, RtpMap, SdpAttribute, SdpConnection, SdpLine, SdpOrigin, SessionDescription,
} from './SessionDescription.js';
export { DEFAULT_MAX_SDP_LENGTH, parseSdp } from './parseSdp.js';
export type { ParseSdpOptions } from './parseSdp.js';
export { buildSdp } from './buildSdp.js';
export { LocalSdpSession, newSessionId } from './LocalSdpSession.js';
export type { LocalAudio, LocalDescription, LocalStream, OriginStamp, RejectedStream } from './LocalDescription.js';
export { answerDirection, DIRECTIONS, isDirection } from './direction.js';
export { G711_PAYLOAD_TYPE, OFFERED_CODECS, PTIME_MS, TELEPHONE_EVENT_PAYLOAD_TYPE, TELEPHONE_EVENTS } from './codecs.js';
export type { G711 } from './codecs.js';
export { answerOffer, REJECT_WARNING } from './negotiate.js';
export type { AnswerCapabilities, AnswerRejectReason, AnswerResult } from './negotiate.js';
export { acceptAnswer, createOffer } from './offerer.js';
export type { AnswerOutcome, AnswerRefusal, OfferOptions } from './offerer.js';
export type { NegotiatedMedia } from './NegotiatedMedia.js';
export { holdStateOf } from './holdStateOf.js';
export type { HoldState } from './holdStateOf.js';
export { streamView } from './streamView.js';
export type { StreamView } from './streamView.js';
