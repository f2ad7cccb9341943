import type { Leg } from './Leg.js';
import type { LegBook } from './LegBook.js';
import { LegMedia } from './LegMedia.js';
import type { LegSessions } from './LegSessions.js';
import type { SipStationDeps } from './SipStationDeps.js';
import { autoAnswerHeaders } from './alertHeaders.js';
import { sdpOf } from './sdpBody.js';
import { sendInvite } from './outboundInvite.js';

/**
 * A key panel bound to a SIP station pressed a line key (issue: "panels bound to SIP stations"):
 * keyline calls the station's phone with auto-answer, and once the phone answered the press acts
 * as the station's line key. A phone that does not answer leaves the line untouched.
 */
export class AutoCalls {
  constructor(private readonly d: SipStationDeps, private readonly book: LegBook, private readonly sessions: LegSessions) {}

  async press(station: string, line: string): Promise<void> {
    const bindings = this.d.bindings(station);
    const first = bindings[0];
    if (!first) {
      this.d.log.log('info', 'sip', { station, line, event: 'panel-press-ignored', why: 'the phone is not registered' });
      return;
    }
    const id = this.book.nextId(station);
    const media = new LegMedia(this.d.media.create(id), this.d.mediaAddress);
    try {
      await media.allocate();
    } catch {
      return;
    }
    const label = this.d.view.lineDef(line)?.label ?? line;
    const request = sendInvite(this.d.core, {
      ruri: first.contact, from: { display: label, uri: `sip:${line}@${this.d.domain}` }, to: `sip:${station}@${this.d.domain}`,
      contact: this.d.contact, headers: autoAnswerHeaders(this.d.domain), sdp: media.offer(),
    }, {
      onAccept: (res) => {
        res.ack();
        const leg: Leg = { id, station, line, kind: 'auto', state: 'pending', media };
        this.book.add(leg);
        this.sessions.attach(leg, res.session);
        const sdp = sdpOf(res.message);
        if (!sdp || !media.acceptAnswer(sdp)) return this.sessions.end(leg, 'the phone answered without usable SDP');
        this.d.dispatch({ type: 'station.lineKey', station, line, t: this.d.clock.now() });
        if (leg.state === 'pending' && this.d.view.lineContext(line)?.call?.seizer !== station) this.sessions.end(leg, 'the line key did nothing');
      },
      onReject: () => void media.close(),
    });
    if (!request) void media.close();
  }
}
