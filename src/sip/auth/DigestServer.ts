import type { Core } from 'sip.js';
import { Grammar, equivalentURI } from 'sip.js';
import type { Ms } from '../../core/time.js';
import type { SipClock, SipCredentials } from '../types.js';
import type { DigestOutcome, DigestRejection } from './DigestOutcome.js';
import type { DigestAlgorithm } from './digestHash.js';
import { DIGEST_ALGORITHMS, algorithmOf, digestHash, sameText } from './digestHash.js';
import { NonceCounts } from './NonceCounts.js';
import { NonceIssuer } from './NonceIssuer.js';
import { parseDigestCredentials } from './parseDigestCredentials.js';

export interface DigestServerOptions {
  realm: string;
  credentials: readonly SipCredentials[];
  clock: SipClock;
  /** How long a nonce is fresh; a correct answer with an older one gets `stale=true`. 300 s. */
  nonceLifetime?: Ms;
  /** Offered in this order (RFC 8760: strongest first). Both by default. */
  algorithms?: readonly DigestAlgorithm[];
  /** Signs nonces; random per process unless given (tests). */
  secret?: Uint8Array;
}

interface Account {
  station: string;
  username: string;
  /** H(username:realm:password) per algorithm: the password itself is not kept. */
  ha1: Record<DigestAlgorithm, string>;
}

const NC = /^[0-9a-f]{8}$/i;
const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response', 'qop', 'nc', 'cnonce'] as const;

function quoted(s: string): string {
  return `"${s.replace(/(["\\])/g, '\\$1')}"`;
}

/** The Request-URI as it appears on the request line, before any normalisation. */
function rawRequestUri(message: Core.IncomingRequestMessage): string | undefined {
  const line = message.data.slice(0, Math.max(0, message.data.indexOf('\r\n')));
  return line.split(' ')[1];
}

function uriMatches(uri: string, message: Core.IncomingRequestMessage): boolean {
  if (uri === rawRequestUri(message)) return true;
  const given = Grammar.URIParse(uri);
  return given !== undefined && message.ruri !== undefined && equivalentURI(given, message.ruri);
}

/**
 * Digest authentication, server side, for SIP (RFC 3261 §22.4 with RFC 7616 and RFC 8760):
 * `WWW-Authenticate` challenges for SHA-256 then MD5 with `qop="auth"`, stateless signed nonces
 * that go stale after `nonceLifetime`, and `nc` replay protection. It decides; it sends nothing,
 * counts nothing and logs nothing (SipAuthenticator does). Passwords are turned into HA1 values at
 * once and never kept or shown.
 *
 * Answers: no credentials for this realm → 401 challenge; a correct digest with a stale, foreign
 * (a previous run's) or replayed nonce → 401 `stale=true`, so the phone retries by itself; a wrong
 * digest or an unknown user → 403, alike, so usernames cannot be probed; an unreadable header or
 * a `uri` that is not the Request-URI → 400 (RFC 7616 §3.4.6).
 */
export class DigestServer {
  readonly realm: string;
  private readonly clock: SipClock;
  private readonly algorithms: readonly DigestAlgorithm[];
  private readonly nonces: NonceIssuer;
  private readonly counts = new NonceCounts();
  private accounts = new Map<string, Account>();
  private readonly decoy: Record<DigestAlgorithm, string>;

  constructor(options: DigestServerOptions) {
    this.realm = options.realm;
    this.clock = options.clock;
    this.algorithms = options.algorithms ?? DIGEST_ALGORITHMS;
    if (this.algorithms.length === 0) throw new RangeError('DigestServer: algorithms must not be empty');
    this.nonces = new NonceIssuer(options.clock, options.nonceLifetime ?? 300_000, options.secret);
    this.decoy = this.ha1('', 'not-a-password');
    this.setCredentials(options.credentials);
  }

  /** Replaces the accounts (a reload); nonces already issued stay valid. */
  setCredentials(credentials: readonly SipCredentials[]): void {
    const accounts = new Map<string, Account>();
    for (const c of credentials) {
      if (accounts.has(c.username)) throw new RangeError(`DigestServer: username "${c.username}" is given twice`);
      accounts.set(c.username, { station: c.station, username: c.username, ha1: this.ha1(c.username, c.password) });
    }
    this.accounts = accounts;
  }

  /** `WWW-Authenticate` header lines for a new challenge, one per algorithm, sharing a nonce. */
  challenge(stale = false): string[] {
    const nonce = this.nonces.issue();
    const opaque = this.nonces.opaque();
    return this.algorithms.map(
      (a) =>
        `WWW-Authenticate: Digest realm=${quoted(this.realm)}, nonce="${nonce}", opaque="${opaque}", algorithm=${a}, qop="auth"` +
        (stale ? ', stale=true' : ''),
    );
  }

  check(message: Core.IncomingRequestMessage): DigestOutcome {
    const headers = message.getHeaders('authorization');
    if (headers.length === 0) return this.reject(401, 'no-credentials');
    const parsed = headers.map(parseDigestCredentials);
    // A phone may answer several challenges (realms, algorithms): take the one for this realm.
    const mine = parsed.filter((p): p is Map<string, string> => p?.get('realm') === this.realm);
    const offered = (p: Map<string, string>): boolean => this.algorithms.some((a) => a === algorithmOf(p.get('algorithm')));
    const params = mine.find(offered) ?? mine[0];
    if (params === undefined) return parsed.includes(undefined) ? this.reject(400, 'malformed') : this.reject(401, 'realm');

    const username = params.get('username');
    if (REQUIRED.some((k) => params.get(k) === undefined) || !NC.test(params.get('nc') ?? '')) {
      return this.reject(400, 'malformed', username);
    }
    const algorithm = algorithmOf(params.get('algorithm'));
    if (algorithm === undefined || !this.algorithms.includes(algorithm) || params.get('qop')?.toLowerCase() !== 'auth') {
      return this.reject(401, 'unsupported', username);
    }
    const opaque = params.get('opaque');
    const uri = params.get('uri') ?? '';
    if (!uriMatches(uri, message)) return this.reject(400, 'uri', username);

    const nonce = params.get('nonce') ?? '';
    const nc = params.get('nc') ?? '';
    const account = this.accounts.get(username ?? '');
    const ha1 = account?.ha1[algorithm] ?? this.decoy[algorithm];
    const ha2 = digestHash(algorithm, `${message.method}:${uri}`);
    const expected = digestHash(algorithm, `${ha1}:${nonce}:${nc}:${params.get('cnonce') ?? ''}:auth:${ha2}`);
    const correct = sameText(expected, (params.get('response') ?? '').toLowerCase());
    if (account === undefined) return this.reject(403, 'unknown-user', username);
    if (!correct) return this.reject(403, 'wrong-password', username);

    // The password is right: whatever is wrong now is the nonce's age or reuse, not the phone's.
    if (opaque !== undefined && opaque !== this.nonces.opaque()) return this.reject(401, 'stale', username);
    const state = this.nonces.check(nonce);
    if (state.kind !== 'fresh') return this.reject(401, 'stale', username);
    const now = this.clock.now();
    // Counted per account and nonce: one account's count cannot lock another out.
    if (!this.counts.accept(`${account.username}\u0000${nonce}`, Number.parseInt(nc, 16), state.issuedAt + this.nonces.lifetime, now)) {
      return this.reject(401, 'replay', username);
    }
    return { ok: true, station: account.station, username: account.username };
  }

  private ha1(username: string, password: string): Record<DigestAlgorithm, string> {
    const text = `${username}:${this.realm}:${password}`;
    return { 'SHA-256': digestHash('SHA-256', text), MD5: digestHash('MD5', text) };
  }

  private reject(status: 400 | 401 | 403, reason: DigestRejection, username?: string): DigestOutcome {
    const stale = reason === 'stale' || reason === 'replay';
    return {
      ok: false,
      status,
      reason,
      // A fresh challenge goes with every 401; 400 and 403 carry none (RFC 3261 §22.4 only asks it of 401).
      headers: status === 401 ? this.challenge(stale) : [],
      username,
      countsAsFailure: status !== 401,
    };
  }
}
