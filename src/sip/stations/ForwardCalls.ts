import type { Core } from 'sip.js';
import type { CallerId } from '../../core/callerId.js';
import { callerIdentity } from './callerIdentity.js';
import { LegMedia } from './LegMedia.js';
import type { SipStationDeps } from './SipStationDeps.js';
import { sdpOf } from './sdpBody.js';
import { sendInvite } from './outboundInvite.js';

interface Forward {
  line: string;
  media: LegMedia;
  request: Core.OutgoingInviteRequest | null;
  session: Core.Session | null;
  done: boolean;
}

/**
 * The no-answer forward leg (sla.md §4.6): keyline calls the configured target with the caller's
 * identity; its answer, failure and hang-up go back to the core as forward events. Audio between
 * the line and the target is the media issue's; the signalling is real.
 */
export class ForwardCalls {
  private readonly forwards = new Map<string, Forward>();

  constructor(private readonly d: SipStationDeps) {}

  async start(line: string, target: string, callerId: CallerId | null): Promise<void> {
    const label = this.d.view.lineDef(line)?.label ?? line;
    const f: Forward = { line, media: new LegMedia(this.d.media.create(`forward-${line}`), this.d.mediaAddress), request: null, session: null, done: false };
    this.forwards.set(line, f);
    try {
      await f.media.allocate();
    } catch {
      return this.failed(f, 'no media port');
    }
    if (f.done) return;
    f.request = sendInvite(this.d.core, {
      ruri: target, from: callerIdentity(callerId, { id: line, label }, this.d.domain), to: target, contact: this.d.contact, headers: [], sdp: f.media.offer(),
    }, {
      onAccept: (res) => {
        res.ack();
        if (f.done) return void res.session.bye();
        f.session = res.session;
        const sdp = sdpOf(res.message);
        if (sdp) f.media.acceptAnswer(sdp);
        res.session.delegate = {
          onBye: (bye) => {
            bye.accept();
            this.ended(f, 'forward.ended');
          },
        };
        this.d.log.log('info', 'sip', { line, event: 'forward-answered', target });
        this.d.dispatch({ type: 'forward.answered', line, t: this.d.clock.now() });
      },
      onReject: (res) => this.failed(f, `SIP ${res.message.statusCode ?? 500}`),
    });
    if (!f.request) this.failed(f, `target "${target}" is not a SIP URI`);
  }

  /** The core ended the forward leg (answered by a station, taken back, released). */
  end(line: string): void {
    const f = this.forwards.get(line);
    if (!f) return;
    f.done = true;
    this.forwards.delete(line);
    try {
      if (f.session) f.session.bye();
      else f.request?.cancel();
    } catch {
      // Already over on the wire.
    }
    void f.media.close();
  }

  close(): void {
    for (const line of [...this.forwards.keys()]) this.end(line);
  }

  private failed(f: Forward, why: string): void {
    if (f.done) return;
    this.d.log.log('info', 'sip', { line: f.line, event: 'forward-failed', why });
    this.ended(f, 'forward.failed');
  }

  private ended(f: Forward, type: 'forward.failed' | 'forward.ended'): void {
    if (f.done) return;
    f.done = true;
    this.forwards.delete(f.line);
    void f.media.close();
    queueMicrotask(() => this.d.dispatch({ type, line: f.line, t: this.d.clock.now() }));
  }
}
