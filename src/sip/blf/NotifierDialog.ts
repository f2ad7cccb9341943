import { randomBytes } from 'node:crypto';
import { Core } from 'sip.js';
import { DIALOG_INFO_CONTENT_TYPE } from './dialogInfoBody.js';
import { firstUriIn } from '../transport/SipUri.js';
import type { NotifyChannel } from './NotifyChannel.js';
import type { NotifyTransport } from './NotifyTransport.js';
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

/**
 * Branches of the fast path's NOTIFYs: the RFC 3261 magic cookie, 64 random bits per process and
 * a counter, unique within the process and (with the random part) across its restarts.
 */
const BRANCH_PREFIX = `z9hG4bK${randomBytes(8).toString('hex')}`;
let branchSeq = 0;

function nextBranch(): string {
  branchSeq += 1;
  return `${BRANCH_PREFIX}${branchSeq.toString(36)}`;
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
 * transactions: over UDP, with a `NotifyTransport`, on keyline's own (the fast path: the text is
 * the dialog's fixed head, built once per remote target, plus the CSeq, branch, state and body
 * of this NOTIFY; the transport runs Timers E and F and hands the final status back); otherwise
 * on sip.js's (`core.request`). Both write the same message and share the dialog's CSeq.
 */
export class NotifierDialog extends Core.Dialog implements NotifyChannel {
  private handlers: NotifierDialogHandlers | null = null;
  private closed = false;
  /** The fixed parts of our NOTIFYs, for `remoteTarget` (a refresh may change it). */
  private head: { target: Core.URI; nextHop: string; start: string; dialog: string; tail: string; contact: string } | null = null;

  private constructor(core: Core.UserAgentCore, state: Core.DialogState, readonly event: string, private readonly transport?: NotifyTransport) {
    super(core, state);
  }

  /**
   * The dialog a 200 with `toTag` to this SUBSCRIBE creates. Throws (sip.js `Error`) if the
   * SUBSCRIBE has no usable Contact: build it before answering.
   */
  static accept(core: Core.UserAgentCore, subscribe: Core.IncomingRequestMessage, toTag: string, event: string, transport?: NotifyTransport): NotifierDialog {
    return new NotifierDialog(core, Core.Dialog.initialDialogStateForUserAgentServer(subscribe, toTag), event, transport);
  }

  /** A persisted dialog, back in the core; null if a URI in the record does not parse. */
  static resume(core: Core.UserAgentCore, r: DialogRecord, event: string, transport?: NotifyTransport): NotifierDialog | null {
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
    return new NotifierDialog(core, state, event, transport);
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
    if (this.sendOwn(subscriptionState, body, done)) return;
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

  /**
   * The fast path: the NOTIFY sip.js would build (same start line, Route, Via, To, From, CSeq,
   * Call-ID, Max-Forwards, Event, Subscription-State, Contact, Supported, User-Agent and body,
   * in its order), written from the dialog's cached head and sent by the transport as keyline's
   * own client transaction. false when there is no UDP route known at once: sip.js sends it.
   */
  private sendOwn(subscriptionState: string, body: string | null, done: (outcome: NotifyOutcome) => void): boolean {
    const transport = this.transport;
    if (transport === undefined) return false;
    const head = this.fixedHead(transport);
    const flow = transport.udpRoute(head.nextHop);
    if (flow === undefined) return false;
    const state = this.dialogState;
    // RFC 3261 §12.2.1.1, as Dialog.createOutgoingRequestMessage does it.
    const cseq = state.localSequenceNumber ? (state.localSequenceNumber += 1) : (state.localSequenceNumber = 1);
    const branch = nextBranch();
    const text = `${head.start}${branch}${head.dialog}CSeq: ${cseq} NOTIFY\r\n${head.tail}Subscription-State: ${subscriptionState}\r\n${head.contact}`
      + (body === null
        ? 'Content-Length: 0\r\n\r\n'
        : `Content-Type: ${DIALOG_INFO_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
    transport.sendOwnRequest(text, flow, branch, 'NOTIFY', (status) => done(notifyOutcome(status)));
    return true;
  }

  private fixedHead(transport: NotifyTransport): { nextHop: string; start: string; dialog: string; tail: string; contact: string } {
    const target = this.remoteTarget;
    if (this.head?.target === target) return this.head;
    const config = this.core.configuration;
    const routes = this.routeSet;
    const first = routes[0];
    const nextHop = first === undefined ? target.toRaw() : (firstUriIn(first)?.uri ?? first);
    const { host, port } = transport.local;
    const to = new Core.NameAddrHeader(this.remoteURI, '', this.remoteTag ? { tag: this.remoteTag } : {}).toString();
    const from = new Core.NameAddrHeader(this.localURI, config.displayName, this.localTag ? { tag: this.localTag } : {}).toString();
    this.head = {
      target,
      nextHop,
      start: `NOTIFY ${target.toRaw()} SIP/2.0\r\n${routes.map((r) => `Route: ${r}\r\n`).join('')}Via: SIP/2.0/UDP ${host}:${port};branch=`,
      dialog: `${config.viaForceRport ? ';rport' : ''}\r\nTo: ${to}\r\nFrom: ${from}\r\n`,
      tail: `Call-ID: ${this.callId}\r\nMax-Forwards: 70\r\nEvent: ${this.event}\r\n`,
      contact: `Contact: ${config.contact.toString()}\r\nSupported: ${config.supportedOptionTags.join(', ')}\r\nUser-Agent: ${config.userAgentHeaderFieldValue}\r\n`,
    };
    return this.head;
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
