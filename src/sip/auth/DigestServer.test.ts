import { createHash } from 'node:crypto';
import { Core } from 'sip.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { DigestServer } from './DigestServer.js';
import { parseDigestCredentials } from './parseDigestCredentials.js';

const REALM = 'branch7.example.net';
const RURI = 'sip:branch7.example.net';
const SECRET = Buffer.alloc(32, 7);
const CREDENTIALS = [
  { station: 'office', username: 'office', password: 'office-secret-1' },
  { station: 'manager', username: '201', password: 'manager-secret-2' },
];

const loggers = new Core.LoggerFactory();
loggers.builtinEnabled = false;

/** A REGISTER as a phone sends it, parsed by sip.js as the transport will. */
function register(authorization?: string, ruri = RURI): Core.IncomingRequestMessage {
  const text = [
    `REGISTER ${ruri} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.21:5062;branch=z9hG4bK-1;rport',
    'Max-Forwards: 70',
    'From: <sip:office@branch7.example.net>;tag=f1',
    'To: <sip:office@branch7.example.net>',
    'Call-ID: reg-1@192.0.2.21',
    'CSeq: 2 REGISTER',
    'Contact: <sip:office@192.0.2.21:5062>',
    ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const message = Core.Parser.parseMessage(text, loggers.getLogger('test'));
  if (!(message instanceof Core.IncomingRequestMessage)) throw new Error('test REGISTER did not parse');
  return message;
}

/** What the phone read from a challenge. */
interface Challenge {
  nonce: string;
  opaque: string;
  algorithm: string;
  stale: boolean;
}

function challenges(headers: readonly string[]): Challenge[] {
  return headers.map((h) => {
    const p = parseDigestCredentials(h.replace(/^WWW-Authenticate:\s*/i, ''));
    if (p === undefined) throw new Error(`unreadable challenge: ${h}`);
    return { nonce: p.get('nonce') ?? '', opaque: p.get('opaque') ?? '', algorithm: p.get('algorithm') ?? '', stale: p.get('stale') === 'true' };
  });
}

interface Answer {
  username?: string;
  password?: string;
  realm?: string;
  nonce: string;
  opaque?: string;
  uri?: string;
  nc?: string;
  cnonce?: string;
  algorithm?: 'MD5' | 'SHA-256';
  /** Leave `algorithm=` out (RFC 7616: then it is MD5). */
  omitAlgorithm?: boolean;
}

/** The phone's side, computed here with node:crypto, independently of digestHash. */
function authorization(a: Answer): string {
  const alg = a.algorithm ?? 'SHA-256';
  const h = (s: string): string => createHash(alg === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
  const username = a.username ?? 'office';
  const realm = a.realm ?? REALM;
  const uri = a.uri ?? RURI;
  const nc = a.nc ?? '00000001';
  const cnonce = a.cnonce ?? '0a4f113b';
  const response = h(`${h(`${username}:${realm}:${a.password ?? 'office-secret-1'}`)}:${a.nonce}:${nc}:${cnonce}:auth:${h(`REGISTER:${uri}`)}`);
  return `Digest username="${username}", realm="${realm}", nonce="${a.nonce}", uri="${uri}", response="${response}", ` +
    `${a.omitAlgorithm === true ? '' : `algorithm=${alg}, `}cnonce="${cnonce}", qop=auth, nc=${nc}` +
    (a.opaque === undefined ? '' : `, opaque="${a.opaque}"`);
}

describe('DigestServer', () => {
  let clock: SimulatedClock;
  let server: DigestServer;
  let first: Challenge;

  beforeEach(() => {
    clock = new SimulatedClock(1_000_000);
    server = new DigestServer({ realm: REALM, credentials: CREDENTIALS, clock, secret: SECRET });
    const outcome = server.check(register());
    if (outcome.ok) throw new Error('expected a challenge');
    const [sha] = challenges(outcome.headers);
    if (sha === undefined) throw new Error('no challenge');
    first = sha;
  });

  it('no credentials: 401 with SHA-256 then MD5 challenges, qop="auth", one nonce and an opaque', () => {
    const outcome = server.check(register());
    expect(outcome).toMatchObject({ ok: false, status: 401, reason: 'no-credentials', countsAsFailure: false });
    if (outcome.ok) return;
    expect(outcome.headers).toHaveLength(2);
    expect(outcome.headers[0]).toMatch(/^WWW-Authenticate: Digest realm="branch7\.example\.net", nonce="[A-Za-z0-9_-]{43}", opaque="[A-Za-z0-9_-]+", algorithm=SHA-256, qop="auth"$/);
    expect(outcome.headers[1]).toMatch(/algorithm=MD5, qop="auth"$/);
    const [sha, md5] = challenges(outcome.headers);
    expect(sha?.nonce).toBe(md5?.nonce);
    expect(sha?.stale).toBe(false);
  });

  it('accepts a SHA-256 answer and names the station', () => {
    const outcome = server.check(register(authorization({ nonce: first.nonce, opaque: first.opaque })));
    expect(outcome).toEqual({ ok: true, station: 'office', username: 'office' });
  });

  it('accepts an MD5 answer, with or without algorithm=MD5, and a username that is not the station id', () => {
    expect(server.check(register(authorization({ nonce: first.nonce, algorithm: 'MD5' })))).toMatchObject({ ok: true, station: 'office' });
    const other = authorization({ nonce: first.nonce, algorithm: 'MD5', omitAlgorithm: true, username: '201', password: 'manager-secret-2' });
    expect(server.check(register(other))).toEqual({ ok: true, station: 'manager', username: '201' });
  });

  it('a wrong password is 403, counted, with no challenge', () => {
    const outcome = server.check(register(authorization({ nonce: first.nonce, password: 'office-secret-2' })));
    expect(outcome).toEqual({ ok: false, status: 403, reason: 'wrong-password', headers: [], username: 'office', countsAsFailure: true });
  });

  it('an unknown user is answered exactly as a wrong password', () => {
    const outcome = server.check(register(authorization({ nonce: first.nonce, username: 'intruder' })));
    expect(outcome).toEqual({ ok: false, status: 403, reason: 'unknown-user', headers: [], username: 'intruder', countsAsFailure: true });
  });

  it('nc must increase per nonce: a replay gets a fresh stale challenge, a higher nc passes', () => {
    const once = register(authorization({ nonce: first.nonce, nc: '00000001' }));
    expect(server.check(once)).toMatchObject({ ok: true });
    const again = server.check(register(authorization({ nonce: first.nonce, nc: '00000001' })));
    expect(again).toMatchObject({ ok: false, status: 401, reason: 'replay', countsAsFailure: false });
    if (!again.ok) expect(challenges(again.headers).every((c) => c.stale && c.nonce !== first.nonce)).toBe(true);
    expect(server.check(register(authorization({ nonce: first.nonce, nc: '00000002' })))).toMatchObject({ ok: true });
    expect(server.check(register(authorization({ nonce: first.nonce, nc: '00000002', cnonce: 'other' })))).toMatchObject({ reason: 'replay' });
  });

  it('a nonce older than its lifetime (300 s) gets stale=true when the password is right, 403 when not', () => {
    clock.advance(300_000);
    expect(server.check(register(authorization({ nonce: first.nonce })))).toMatchObject({ ok: true });
    clock.advance(1);
    const stale = server.check(register(authorization({ nonce: first.nonce, nc: '00000002' })));
    expect(stale).toMatchObject({ ok: false, status: 401, reason: 'stale', countsAsFailure: false });
    if (!stale.ok) expect(challenges(stale.headers).map((c) => [c.algorithm, c.stale])).toEqual([['SHA-256', true], ['MD5', true]]);
    expect(server.check(register(authorization({ nonce: first.nonce, nc: '00000003', password: 'guess-1234' })))).toMatchObject({ status: 403 });
  });

  it('a tampered nonce is not ours: stale=true with the right password (it may be a previous run\'s), 403 with a wrong one', () => {
    const tampered = `${first.nonce.slice(0, 10)}${first.nonce[10] === 'A' ? 'B' : 'A'}${first.nonce.slice(11)}`;
    expect(server.check(register(authorization({ nonce: tampered })))).toMatchObject({ status: 401, reason: 'stale' });
    expect(server.check(register(authorization({ nonce: tampered, password: 'guess-1234' })))).toMatchObject({ status: 403, reason: 'wrong-password' });
    expect(server.check(register(authorization({ nonce: 'made-up' })))).toMatchObject({ status: 401, reason: 'stale' });
  });

  it('after a restart (another secret) a phone\'s cached nonce and opaque get stale=true, then the new challenge works', () => {
    const restarted = new DigestServer({ realm: REALM, credentials: CREDENTIALS, clock });
    const outcome = restarted.check(register(authorization({ nonce: first.nonce, opaque: first.opaque })));
    expect(outcome).toMatchObject({ ok: false, status: 401, reason: 'stale' });
    if (outcome.ok) return;
    const [fresh] = challenges(outcome.headers);
    expect(restarted.check(register(authorization({ nonce: fresh?.nonce ?? '', opaque: fresh?.opaque ?? '' })))).toMatchObject({ ok: true });
  });

  it('the uri must be the Request-URI (400), though it may be written differently', () => {
    const elsewhere = server.check(register(authorization({ nonce: first.nonce, uri: 'sip:other.example.net' })));
    expect(elsewhere).toMatchObject({ ok: false, status: 400, reason: 'uri', countsAsFailure: true });
    const spelled = register(authorization({ nonce: first.nonce, uri: 'sip:Branch7.Example.NET' }));
    expect(server.check(spelled)).toMatchObject({ ok: true });
  });

  it('credentials for another realm only: a fresh challenge, not a failure', () => {
    const outcome = server.check(register(authorization({ nonce: first.nonce, realm: 'asterisk' })));
    expect(outcome).toMatchObject({ ok: false, status: 401, reason: 'realm', countsAsFailure: false });
  });

  it('picks the answer for this realm among several Authorization headers', () => {
    const text = register(authorization({ nonce: first.nonce }));
    text.addHeader('authorization', authorization({ nonce: 'x', realm: 'pbx.example.net', password: 'other' }));
    expect(server.check(text)).toMatchObject({ ok: true });
  });

  it('an unreadable header or one missing a parameter is 400 and counted', () => {
    expect(server.check(register('Digest username="office", realm="branch7.example.net'))).toMatchObject({ status: 400, reason: 'malformed', countsAsFailure: true });
    const noQop = `Digest username="office", realm="${REALM}", nonce="${first.nonce}", uri="${RURI}", response="00"`;
    expect(server.check(register(noQop))).toMatchObject({ status: 400, reason: 'malformed', username: 'office' });
    const badNc = authorization({ nonce: first.nonce, nc: '1' });
    expect(server.check(register(badNc))).toMatchObject({ status: 400, reason: 'malformed' });
  });

  it('an algorithm that was not offered gets a fresh challenge', () => {
    const sess = authorization({ nonce: first.nonce }).replace('algorithm=SHA-256', 'algorithm=SHA-256-sess');
    expect(server.check(register(sess))).toMatchObject({ status: 401, reason: 'unsupported', countsAsFailure: false });
    const md5Only = new DigestServer({ realm: REALM, credentials: CREDENTIALS, clock, secret: SECRET, algorithms: ['MD5'] });
    expect(md5Only.check(register(authorization({ nonce: first.nonce })))).toMatchObject({ status: 401, reason: 'unsupported' });
    expect(md5Only.challenge()).toEqual([expect.stringMatching(/algorithm=MD5, qop="auth"$/)]);
  });

  it('a wrong opaque with the right password is treated as a previous run\'s: stale', () => {
    expect(server.check(register(authorization({ nonce: first.nonce, opaque: 'nope' })))).toMatchObject({ status: 401, reason: 'stale' });
  });

  it('setCredentials replaces the accounts; nonces already issued stay good', () => {
    server.setCredentials([{ station: 'office', username: 'office', password: 'changed-pass-9' }]);
    expect(server.check(register(authorization({ nonce: first.nonce })))).toMatchObject({ status: 403 });
    expect(server.check(register(authorization({ nonce: first.nonce, nc: '00000002', password: 'changed-pass-9' })))).toMatchObject({ ok: true });
    expect(() => server.setCredentials([...CREDENTIALS, CREDENTIALS[0] ?? CREDENTIALS[1]!])).toThrow(/given twice/);
  });

  it('never puts a password into what it returns', () => {
    const outcomes = [
      server.check(register()),
      server.check(register(authorization({ nonce: first.nonce, password: 'wrong-pass-1' }))),
      server.check(register(authorization({ nonce: first.nonce }))),
    ];
    expect(JSON.stringify(outcomes)).not.toMatch(/office-secret-1|manager-secret-2/);
  });
});
