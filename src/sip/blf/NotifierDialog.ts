import { randomBytes } from 'node:crypto';
import { Core } from 'sip.js';
import { DIALOG_INFO_CONTENT_TYPE } from './dialogInfoBody.js';
import type { NotifyChannel } from './NotifyChannel.js';
import { notifyOutcome } from './notifyOutcome.js';
import type { NotifyOutcome } from './notifyOutcome.js';
import type { DialogRecord } from './SubscriptionRecord.js';

/** What the dialog hands up: in-dialog SUBSCRIBEs, and its disposal by the core. */
export interface NotifierDialogHandlers {
  /** A refresh or unsubscribe, past the CSeq check, as a server transaction to answer. */
  subscribe(request: Core.IncomingSubscribeRequest): void;
  /** The user agent core disposed the dialog (it was reset or stopped). */
  disposed(): void;
}

/** A To tag for the 200 that creates the dialog (sip.js does not export its own `newTag`). */
export function newTag(): string {
  return randomBytes(8).toString('hex');
}

/**
 * The notifier's end of a subscription dialog (RFC 6665 §4.2, RFC 3261 §12), which sip.js 0.21
 * lacks: a `Core.Dialog` built from the SUBSCRIBE and the To tag of our 200
 * (`initialDialogStateForUserAgentServer`). Constructing it registers it in `core.dialogs`, so
 * the core routes in-dialog requests here by Call-ID and tags and answers 481 itself to requests
 * for dialogs it does not hold. NOTIFYs go out as in-dialog requests on non-INVITE client
 * transactions (`core.request`).
 */
export class NotifierDialog extends Core.Dialog implements NotifyChannel {
  private handlers: NotifierDialogHandlers | null = null;
  private closed = false;

  private constructor(core: Core.UserAgentCore, state: Core.DialogState, readonly event: string) {
    super(core, state);
  }

  /**
   * The dialog a 200 with `toTag` to this SUBSCRIBE creates. Throws (sip.js `Error`) if the
   * SUBSCRIBE has no usable Contact: build it before answering.
   */
  static accept(core: Core.UserAgentCore, subscribe: Core.IncomingRequestMessage, toTag: string, event: string): NotifierDialog {
    return new NotifierDialog(core, Core.Dialog.initialDialogStateForUserAgentServer(subscribe, toTag), event);
  }

  /** A persisted dialog, back in the core; null if a URI in the record does not parse. */
  static resume(core: Core.UserAgentCore, r: DialogRecord, event: string): NotifierDialog | null {
    const localURI = Core.Grammar.URIParse(r.localUri);
    const remoteURI = Core.Grammar.URIParse(r.remoteUri);
    const remoteTarget = Core.Grammar.URIParse(r.remoteTarget);
    if (!localURI || !remoteURI || !remoteTarget) return null;
    const state: Core.DialogState = {
      id: r.callId + r.localTag + r.remoteTag,
      early: false,
      callId: r.callId,
      localTag: r.localTag,
      remoteTag: r.remoteTag,
      localSequenceNumber: r.localSeq ?? undefined,
      remoteSequenceNumber: r.remoteSeq ?? undefined,
      localURI,
      remoteURI,
      remoteTarget,
      routeSet: [...r.routeSet],
      secure: false,
    };
    return new NotifierDialog(core, state, event);
  }

  bind(handlers: NotifierDialogHandlers): void {
    this.handlers = handlers;
  }

  /** Called by the core for every request with this dialog's Call-ID and tags. */
  override receiveRequest(message: Core.IncomingRequestMessage): void {
    if (message.method === 'ACK') return;
    if (!this.sequenceGuard(message)) return; // sip.js answers 500 to an old CSeq
    super.receiveRequest(message);
    if (message.method !== 'SUBSCRIBE') {
      this.core.replyStateless(message, { statusCode: 405, extraHeaders: ['Allow: SUBSCRIBE'] });
      return;
    }
    const handlers = this.handlers;
    if (this.closed || handlers === null) {
      this.core.replyStateless(message, { statusCode: 481 });
      return;
    }
    this.refreshTarget(message);
    handlers.subscribe(new Core.ReSubscribeUserAgentServer(this, message));
  }

  send(subscriptionState: string, body: string | null, done: (outcome: NotifyOutcome) => void): void {
    if (this.closed) throw new Error(`NotifierDialog.send: dialog ${this.callId} is closed`);
    const message = this.createOutgoingRequestMessage('NOTIFY', {
      extraHeaders: [
        `Event: ${this.event}`,
        `Subscription-State: ${subscriptionState}`,
        `Contact: ${this.core.configuration.contact.toString()}`,
      ],
      body: body === null ? undefined : { contentDisposition: 'render', contentType: DIALOG_INFO_CONTENT_TYPE, content: body },
    });
    let answered = false;
    const once = (status: number | undefined) => {
      if (answered) return;
      answered = true;
      done(notifyOutcome(status ?? 500));
    };
    this.core.request(message, {
      onAccept: (r) => once(r.message.statusCode),
      onReject: (r) => once(r.message.statusCode),
    });
  }

  /** Leaves the core's dialog table: later requests for it get 481 from the core. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    super.dispose();
  }

  /** The core disposes every dialog when it is reset; the subscription hears of it. */
  override dispose(): void {
    if (this.closed) return;
    this.close();
    this.handlers?.disposed();
  }

  record(): DialogRecord {
    return {
      callId: this.callId,
      localTag: this.localTag,
      remoteTag: this.remoteTag,
      localSeq: this.localSequenceNumber ?? null,
      remoteSeq: this.remoteSequenceNumber ?? null,
      localUri: this.localURI.toRaw(),
      remoteUri: this.remoteURI.toRaw(),
      remoteTarget: this.remoteTarget.toRaw(),
      routeSet: [...this.routeSet],
    };
  }

  /** SUBSCRIBE is a target refresh request (RFC 6665 §4.1.2.2): a new Contact is the new target. */
  private refreshTarget(message: Core.IncomingRequestMessage): void {
    const contact: unknown = message.parseHeader('contact');
    if (contact instanceof Core.NameAddrHeader) this.dialogState.remoteTarget = contact.uri;
  }
}
