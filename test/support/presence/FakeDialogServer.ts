import { randomBytes } from 'node:crypto';
import { Core } from 'sip.js';
import type { Transport } from 'sip.js';

/** A watcher's subscription as the fake server holds it. */
interface Watch {
  uri: string;
  callId: string;
  /** The subscriber's tag (our To tag in NOTIFYs) and ours (From tag). */
  subscriberTag: string;
  serverTag: string;
  aor: string;
  contact: string;
  cseq: number;
  version: number;
}

/** How one NOTIFY was answered. */
export interface NotifyAnswer {
  uri: string;
  status: number;
  reason: string;
}

/** What `notify` sends; unset parts come from the current document and an active state. */
export interface RawNotify {
  body?: string;
  contentType?: string;
  /** The version written into the stored document's template (default: the watcher's next one). */
  version?: number;
  subscriptionState?: string;
}

/**
 * An RFC 6665 notifier for `Event: dialog` in miniature, on the other end of a peered transport,
 * behaving as Kamailio's presence module does where keyline depends on it (presence.md §6): each
 * new subscription gets its own version sequence starting at 1, a refresh for an unknown dialog
 * gets 481 (a restart in memory mode, K4), `Expires: 0` ends with `terminated;reason=timeout`.
 * `documents` holds the current `<dialog>` elements per URI; `set()` changes them and NOTIFYs
 * every watcher. Test support.
 */
export class FakeDialogServer {
  readonly watches = new Map<string, Watch>();
  readonly answers: NotifyAnswer[] = [];
  readonly subscribes: Array<{ uri: string; expires: number; inDialog: boolean; status: number }> = [];
  readonly documents = new Map<string, string>();
  maxExpires = 3600;
  /** Replies to the next initial SUBSCRIBEs (e.g. 503), before the default 200. */
  readonly script: Array<{ status: number; reason: string; headers?: string[] }> = [];
  /** Whether to send a NOTIFY after each accepted SUBSCRIBE (Timer N tests turn it off). */
  notifyOnSubscribe = true;
  /** Whether an in-dialog refresh is followed by a NOTIFY (RFC 6665 §4.2.1.2). */
  notifyOnRefresh = true;
  private readonly logger = new Core.LoggerFactory().getLogger('fake.dialog');
  private seq = 0;

  constructor(private readonly transport: Transport) {
    transport.onMessage = (text) => this.receive(text);
  }

  /** A restart in memory mode: every subscription forgotten. */
  restart(): void {
    this.watches.clear();
  }

  /** The line's dialogs change: every watcher of `uri` gets a full NOTIFY. */
  set(uri: string, dialogs: string): void {
    this.documents.set(uri, dialogs);
    for (const w of this.watches.values()) if (w.uri === uri) this.sendNotify(w);
  }

  /** A NOTIFY to every watcher of `uri`, with parts overridden (bad input). */
  notify(uri: string, raw: RawNotify): void {
    for (const w of this.watches.values()) if (w.uri === uri) this.sendNotify(w, raw);
  }

  /** The server ends every subscription to `uri` with `terminated;reason=<reason>`. */
  terminate(uri: string, reason: string): void {
    for (const [k, w] of this.watches) {
      if (w.uri !== uri) continue;
      this.sendNotify(w, { subscriptionState: `terminated;reason=${reason}` });
      this.watches.delete(k);
    }
  }

  body(uri: string, version: number): string {
    return `<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="${uri}">${this.documents.get(uri) ?? ''}</dialog-info>`;
  }

  private receive(text: string): void {
    const m = Core.Parser.parseMessage(text, this.logger);
    if (m instanceof Core.IncomingResponseMessage) {
      if (m.method === 'NOTIFY') this.answers.push({ uri: /^From: <([^>]+)>/m.exec(text)?.[1] ?? '', status: m.statusCode ?? 0, reason: m.reasonPhrase ?? '' });
      return;
    }
    if (!(m instanceof Core.IncomingRequestMessage) || m.method !== 'SUBSCRIBE') return;
    const uri = m.ruri?.toString() ?? '';
    const expires = Number(m.getHeader('Expires') ?? '600');
    const toTag = m.toTag;
    if (toTag) {
      const w = this.watches.get(`${m.callId}|${toTag}`);
      if (!w) {
        this.subscribes.push({ uri, expires, inDialog: true, status: 481 });
        return this.reply(m, 481, 'Call/Transaction Does Not Exist', toTag);
      }
      this.subscribes.push({ uri: w.uri, expires, inDialog: true, status: 200 });
      this.reply(m, 200, 'OK', toTag, [`Expires: ${Math.min(expires, this.maxExpires)}`]);
      if (expires === 0) {
        this.watches.delete(`${m.callId}|${toTag}`);
        return this.sendNotify(w, { subscriptionState: 'terminated;reason=timeout' });
      }
      if (this.notifyOnRefresh) this.sendNotify(w, { subscriptionState: `active;expires=${Math.min(expires, this.maxExpires)}` });
      return;
    }
    const scripted = this.script.shift();
    if (scripted) {
      this.subscribes.push({ uri, expires, inDialog: false, status: scripted.status });
      return this.reply(m, scripted.status, scripted.reason, `s${++this.seq}`, scripted.headers);
    }
    const serverTag = `srv${++this.seq}`;
    const granted = Math.min(expires, this.maxExpires);
    this.subscribes.push({ uri, expires, inDialog: false, status: 200 });
    this.reply(m, 200, 'OK', serverTag, [`Expires: ${granted}`, 'Contact: <sip:presence@server.invalid;transport=tcp>']);
    const contact = /<([^>]+)>/.exec(m.getHeader('Contact') ?? '')?.[1] ?? '';
    const w: Watch = { uri, callId: m.callId, subscriberTag: m.fromTag ?? '', serverTag, aor: /<([^>]+)>/.exec(m.getHeader('From') ?? '')?.[1] ?? '', contact, cseq: 0, version: 0 };
    this.watches.set(`${m.callId}|${serverTag}`, w);
    if (this.notifyOnSubscribe) this.sendNotify(w, { subscriptionState: `active;expires=${granted}` });
  }

  private sendNotify(w: Watch, raw: RawNotify = {}): void {
    w.version++;
    const body = raw.body ?? this.body(w.uri, raw.version ?? w.version);
    const lines = [
      `NOTIFY ${w.contact} SIP/2.0`,
      `Via: SIP/2.0/TCP server.invalid;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: <${w.uri}>;tag=${w.serverTag}`,
      `To: <${w.aor}>;tag=${w.subscriberTag}`,
      `Call-ID: ${w.callId}`,
      `CSeq: ${++w.cseq} NOTIFY`,
      'Contact: <sip:presence@server.invalid;transport=tcp>',
      'Event: dialog',
      `Subscription-State: ${raw.subscriptionState ?? 'active;expires=600'}`,
      `Content-Type: ${raw.contentType ?? 'application/dialog-info+xml'}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    void this.transport.send(lines.join('\r\n'));
  }

  private reply(m: Core.IncomingRequestMessage, status: number, reason: string, toTag: string, headers: string[] = []): void {
    const lines = [`SIP/2.0 ${status} ${reason}`];
    for (const via of m.getHeaders('via')) lines.push(`Via: ${via}`);
    lines.push(`From: ${m.getHeader('From') ?? ''}`);
    const to = m.getHeader('To') ?? '';
    lines.push(`To: ${to}${to.includes(';tag=') ? '' : `;tag=${toTag}`}`);
    lines.push(`Call-ID: ${m.callId}`, `CSeq: ${m.getHeader('CSeq') ?? ''}`, ...headers, 'Content-Length: 0', '', '');
    void this.transport.send(lines.join('\r\n'));
  }
}
