import { Core } from 'sip.js';

/** One NOTIFY as the phone received it, and what it answered. */
export interface SeenNotify {
  /** `active`, `pending` or `terminated`. */
  state: string;
  expires: number | null;
  reason: string | null;
  event: string;
  contentType: string | null;
  /** The dialog-info `version`, null without a body. */
  version: number | null;
  body: string;
  cseq: number;
  answered: number;
}

/** A final response to a SUBSCRIBE. */
export interface SubscribeAnswer {
  status: number;
  expires: number | null;
  headers: (name: string) => string | undefined;
}

export interface SubscribeOptions {
  expires?: number;
  event?: string;
  accept?: string;
}

/**
 * A BLF phone on a sip.js core, as the notifier's tests need one: it subscribes with the core's
 * own subscriber (`core.subscribe`, sip.js `SubscriptionDialog`), records every NOTIFY and
 * answers it with `answer(notify)` (200 unless told otherwise). Test support.
 */
export class TestPhone {
  readonly notifies: SeenNotify[] = [];
  answer: (n: SeenNotify) => number = () => 200;
  private dialog: Core.Subscription | undefined;

  constructor(readonly core: Core.UserAgentCore, private readonly notifierHost: string) {}

  /** An out-of-dialog SUBSCRIBE to `sip:<user>@<notifier host>`; resolves with the final response. */
  subscribe(user: string, o: SubscribeOptions = {}): Promise<SubscribeAnswer> {
    const c = this.core.configuration;
    const target = new Core.URI('sip', user, this.notifierHost);
    const headers = [
      `Event: ${o.event ?? 'dialog'}`,
      `Expires: ${o.expires ?? 600}`,
      `Contact: ${c.contact.toString()}`,
      `Accept: ${o.accept ?? 'application/dialog-info+xml'}`,
    ];
    const message = this.core.makeOutgoingRequestMessage('SUBSCRIBE', target, c.aor, target, {}, headers);
    return new Promise((resolve) => {
      this.core.subscribe(message, {
        onAccept: (r) => resolve(answerOf(r.message)),
        onReject: (r) => resolve(answerOf(r.message)),
        onNotify: ({ request, subscription }) => {
          if (subscription) {
            this.dialog = subscription;
            subscription.delegate = { onNotify: (uas) => this.take(uas) };
          }
          this.take(request);
        },
      });
    });
  }

  /** A SUBSCRIBE in the subscription's dialog: a refresh, or with 0 an unsubscribe. */
  refresh(expires: number): Promise<SubscribeAnswer> {
    const dialog = this.dialog;
    if (!dialog) throw new Error('TestPhone.refresh: no subscription dialog (no NOTIFY yet?)');
    const contact = `Contact: ${this.core.configuration.contact.toString()}`;
    return new Promise((resolve) => {
      dialog.subscribe(
        { onAccept: (r) => resolve(answerOf(r.message)), onReject: (r) => resolve(answerOf(r.message)) },
        { extraHeaders: ['Event: dialog', `Expires: ${expires}`, contact] },
      );
    });
  }

  /** A SUBSCRIBE carrying a To tag of a dialog nobody has (RFC 3261 §12.2.2: 481 expected). */
  strayRefresh(user: string): Promise<SubscribeAnswer> {
    const c = this.core.configuration;
    const target = new Core.URI('sip', user, this.notifierHost);
    const message = this.core.makeOutgoingRequestMessage('SUBSCRIBE', target, c.aor, target, { toTag: 'no-such-dialog', cseq: 7 }, [
      'Event: dialog', 'Expires: 600', `Contact: ${c.contact.toString()}`,
    ]);
    return new Promise((resolve) => {
      this.core.request(message, { onAccept: (r) => resolve(answerOf(r.message)), onReject: (r) => resolve(answerOf(r.message)) });
    });
  }

  /** The NOTIFYs seen so far, as (state, version) pairs: the usual assertion. */
  get seen(): Array<[string, number | null]> {
    return this.notifies.map((n) => [n.reason === null ? n.state : `${n.state};${n.reason}`, n.version]);
  }

  get last(): SeenNotify | undefined {
    return this.notifies[this.notifies.length - 1];
  }

  private take(uas: Core.IncomingNotifyRequest): void {
    const m = uas.message;
    const [state = '', ...params] = (m.getHeader('subscription-state') ?? '').split(';').map((s) => s.trim());
    const param = (k: string) => params.find((p) => p.startsWith(`${k}=`))?.slice(k.length + 1) ?? null;
    const expires = param('expires');
    const version = /<dialog-info[^>]*\sversion="(\d+)"/.exec(m.body)?.[1];
    const n: SeenNotify = {
      state, expires: expires === null ? null : Number(expires), reason: param('reason'),
      event: m.getHeader('event') ?? '', contentType: m.getHeader('content-type') ?? null,
      version: version === undefined ? null : Number(version), body: m.body, cseq: m.cseq, answered: 0,
    };
    n.answered = this.answer(n);
    this.notifies.push(n);
    if (n.answered < 300) uas.accept({ statusCode: n.answered });
    else uas.reject({ statusCode: n.answered });
  }
}

function answerOf(m: Core.IncomingResponseMessage): SubscribeAnswer {
  const e = m.getHeader('expires');
  return { status: m.statusCode ?? 0, expires: e === undefined ? null : Number(e), headers: (name) => m.getHeader(name) };
}
