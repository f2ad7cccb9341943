import { createHash, randomBytes } from 'node:crypto';
import { Core } from 'sip.js';
import type { Transport } from 'sip.js';

/** A PUBLISH as the fake server saw it. */
export interface SeenPublish {
  uri: string;
  ifMatch: string | null;
  expires: number | null;
  body: string;
  /** The `<dialog id>` and `version` of the body, null without a body. */
  dialogId: string | null;
  version: number | null;
  state: string | null;
  authorized: boolean;
}

/** A canned reply: status, reason, extra header lines. */
export interface FakeReply {
  status: number;
  reason: string;
  headers?: string[];
}

/**
 * An RFC 3903 event state compositor in miniature, on the other end of a peered transport, with
 * Kamailio's behaviours where they matter (presence.md §6): each 2xx gives a new ETag and the old
 * one dies (412), `Expires: 0` removes, an initial PUBLISH with a stored dialog id replaces that
 * record (K3), short Expires get 423 with `Min-Expires`. `script` replies first when it has an
 * answer (server faults); `digest` makes it challenge with MD5. Test support.
 */
export class FakePresenceServer {
  readonly seen: SeenPublish[] = [];
  /** ETag → the dialog id and state stored under it. */
  readonly records = new Map<string, { uri: string; dialogId: string | null; state: string | null }>();
  /** Replies used before the default behaviour, one per PUBLISH, in order (undefined: default). */
  readonly script: Array<FakeReply | undefined> = [];
  minExpires = 0;
  /** Seconds granted at most. */
  maxExpires = 3600;
  digest: { username: string; password: string; realm: string } | null = null;
  private etagSeq = 0;
  private readonly nonce = randomBytes(8).toString('hex');
  private readonly logger = new Core.LoggerFactory().getLogger('fake.presence');

  constructor(private readonly transport: Transport) {
    transport.onMessage = (text) => this.receive(text);
  }

  /** The state per dialog id now stored (what a watcher would be told). */
  stored(): Map<string, string | null> {
    const out = new Map<string, string | null>();
    for (const r of this.records.values()) if (r.dialogId !== null) out.set(r.dialogId, r.state);
    return out;
  }

  /** A restart in memory mode: everything is forgotten (K4). */
  restart(): void {
    this.records.clear();
  }

  private receive(text: string): void {
    const m = Core.Parser.parseMessage(text, this.logger);
    if (!(m instanceof Core.IncomingRequestMessage) || m.method !== 'PUBLISH') return;
    const ifMatch = m.getHeader('SIP-If-Match') ?? null;
    const expiresText = m.getHeader('Expires');
    const expires = expiresText === undefined ? null : Number(expiresText);
    const body = m.body ?? '';
    const authorized = this.digest === null || this.checkDigest(m);
    const seen: SeenPublish = {
      uri: m.ruri?.toString() ?? '', ifMatch, expires, body, authorized,
      dialogId: /<dialog id="([^"]+)"/.exec(body)?.[1] ?? null,
      version: body === '' ? null : Number(/version="(\d+)"/.exec(body)?.[1] ?? NaN),
      state: /<state[^>]*>([a-z]+)<\/state>/.exec(body)?.[1] ?? null,
    };
    if (!authorized) {
      this.reply(m, { status: 401, reason: 'Unauthorized', headers: [`WWW-Authenticate: Digest realm="${this.digest?.realm ?? ''}", nonce="${this.nonce}", qop="auth", algorithm=MD5`] });
      return;
    }
    this.seen.push(seen);
    const scripted = this.script.shift();
    if (scripted !== undefined) return this.reply(m, scripted);
    this.reply(m, this.compose(seen));
  }

  private compose(p: SeenPublish): FakeReply {
    if (p.expires !== null && p.expires > 0 && p.expires < this.minExpires) {
      return { status: 423, reason: 'Interval Too Brief', headers: [`Min-Expires: ${this.minExpires}`] };
    }
    let uri = p.uri;
    let dialogId = p.dialogId;
    let state = p.state;
    if (p.ifMatch !== null) {
      const old = this.records.get(p.ifMatch);
      if (old === undefined) return { status: 412, reason: 'Conditional Request Failed' };
      this.records.delete(p.ifMatch);
      if (p.body === '') {
        ({ uri, dialogId, state } = old);
      }
    } else {
      if (p.body === '') return { status: 400, reason: 'Initial PUBLISH without body' };
      for (const [etag, r] of this.records) if (r.dialogId === p.dialogId) this.records.delete(etag);
    }
    if (p.expires === 0) return { status: 200, reason: 'OK', headers: [`SIP-ETag: gone-${++this.etagSeq}`, 'Expires: 0'] };
    const etag = `e${++this.etagSeq}`;
    this.records.set(etag, { uri, dialogId, state });
    return { status: 200, reason: 'OK', headers: [`SIP-ETag: ${etag}`, `Expires: ${Math.min(p.expires ?? 3600, this.maxExpires)}`] };
  }

  private checkDigest(m: Core.IncomingRequestMessage): boolean {
    const d = this.digest;
    const auth = m.getHeader('Authorization');
    if (d === null || auth === undefined) return false;
    const f = (k: string) => new RegExp(`${k}="?([^",]+)"?`).exec(auth)?.[1] ?? '';
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`${d.username}:${d.realm}:${d.password}`);
    const ha2 = md5(`PUBLISH:${f('uri')}`);
    const want = md5(`${ha1}:${f('nonce')}:${f('nc')}:${f('cnonce')}:${f('qop')}:${ha2}`);
    return f('username') === d.username && f('nonce') === this.nonce && f('response') === want;
  }

  private reply(m: Core.IncomingRequestMessage, r: FakeReply): void {
    const lines = [`SIP/2.0 ${r.status} ${r.reason}`];
    for (const via of m.getHeaders('via')) lines.push(`Via: ${via}`);
    lines.push(`From: ${m.getHeader('From') ?? ''}`);
    const to = m.getHeader('To') ?? '';
    lines.push(`To: ${to}${to.includes(';tag=') ? '' : ';tag=srv1'}`);
    lines.push(`Call-ID: ${m.callId}`, `CSeq: ${m.getHeader('CSeq') ?? ''}`, ...(r.headers ?? []), 'Content-Length: 0', '', '');
    void this.transport.send(lines.join('\r\n'));
  }
}
