import type { MediaAddress, MediaEndpoint } from '../../media/MediaEndpoint.js';
import { LocalSdpSession, REJECT_WARNING, SdpError, acceptAnswer, answerOffer, createOffer, holdStateOf, parseSdp } from '../sdp/index.js';
import type { LocalDescription, NegotiatedMedia } from '../sdp/index.js';

export type AnswerStep =
  | { ok: true; sdp: string; held: boolean }
  | { ok: false; status: 488 | 400; warning: string };

/**
 * One call leg's side of offer/answer (RFC 3264) over its media endpoint: the SDP session
 * (stable `o=` id, version bumped on change), the negotiated remote, and whether the phone has
 * put the leg on hold. The endpoint is told every completed exchange.
 */
export class LegMedia {
  private readonly session = new LocalSdpSession();
  private local: MediaAddress | null = null;
  private lastOffer: LocalDescription | null = null;
  held = false;

  /** The leg's media endpoint: the composition root finds a connected station's audio through it. */
  constructor(readonly endpoint: MediaEndpoint, private readonly advertise: string) {}

  async allocate(): Promise<void> {
    this.local = await this.endpoint.allocate();
  }

  private addr(): MediaAddress {
    if (!this.local) throw new Error('LegMedia: allocate() first');
    return { address: this.advertise || this.local.address, port: this.local.port };
  }

  /** Answers a phone's offer (initial INVITE or re-INVITE); `held` tells hold from resume. */
  answer(offerText: string): AnswerStep {
    let offer;
    try {
      offer = parseSdp(offerText);
    } catch (err) {
      return { ok: false, status: 400, warning: `399 keyline "${err instanceof SdpError ? err.message : 'bad SDP'}"` };
    }
    const { address, port } = this.addr();
    const result = answerOffer(offer, { address, port });
    if (result.kind === 'rejected') {
      const w = REJECT_WARNING[result.reason];
      return { ok: false, status: 488, warning: `${w.code} keyline "${w.text}"` };
    }
    this.held = holdStateOf(offer) === 'held';
    this.apply(result.media);
    return { ok: true, sdp: this.session.render(result.answer), held: this.held };
  }

  /** keyline's offer (an alert INVITE, or a 200 to an INVITE that came without one). */
  offer(): string {
    const { address, port } = this.addr();
    this.lastOffer = createOffer({ address, port });
    return this.session.render(this.lastOffer);
  }

  /** The phone's answer to keyline's offer; false when the call cannot have media as answered. */
  acceptAnswer(answerText: string): boolean {
    if (!this.lastOffer) return false;
    try {
      const outcome = acceptAnswer(this.lastOffer, parseSdp(answerText));
      if (outcome.kind !== 'accepted') return false;
      this.apply(outcome.media);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.endpoint.close();
  }

  private apply(m: NegotiatedMedia): void {
    this.endpoint.setRemote({
      address: m.address, port: m.port, payloadType: m.payloadType, direction: m.direction, codec: m.codec, rtcpPort: m.rtcpPort,
      ...(m.telephoneEvent === undefined ? {} : { telephoneEvent: m.telephoneEvent }),
    });
  }
}
