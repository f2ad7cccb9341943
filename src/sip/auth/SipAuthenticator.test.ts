import { createHash } from 'node:crypto';
import { Core } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { Flow, SipLog } from '../types.js';
import { AuthLimiter } from './AuthLimiter.js';
import { DigestServer } from './DigestServer.js';
import { SipAuthenticator } from './SipAuthenticator.js';

const REALM = 'branch7.example.net';
const PASSWORD = 'office-secret-1';
const loggers = new Core.LoggerFactory();
loggers.builtinEnabled = false;

function register(authorization?: string): Core.IncomingRequestMessage {
  const text = [
    'REGISTER sip:branch7.example.net SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.21:5062;branch=z9hG4bK-1',
    'From: <sip:office@branch7.example.net>;tag=f1',
    'To: <sip:office@branch7.example.net>',
    'Call-ID: reg-1',
    'CSeq: 1 REGISTER',
    ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const message = Core.Parser.parseMessage(text, loggers.getLogger('test'));
  if (!(message instanceof Core.IncomingRequestMessage)) throw new Error('test REGISTER did not parse');
  return message;
}

function answer(nonce: string, password: string, nc = '00000001'): string {
  const h = (s: string): string => createHash('sha256').update(s).digest('hex');
  const response = h(`${h(`office:${REALM}:${password}`)}:${nonce}:${nc}:c1:auth:${h('REGISTER:sip:branch7.example.net')}`);
  return `Digest username="office", realm="${REALM}", nonce="${nonce}", uri="sip:branch7.example.net", response="${response}", algorithm=SHA-256, qop=auth, nc=${nc}, cnonce="c1"`;
}

/** A DigestServer that counts the work it is asked to do. */
class CountingDigestServer extends DigestServer {
  checks = 0;
  override check(message: Core.IncomingRequestMessage) {
    this.checks++;
    return super.check(message);
  }
}

function setup() {
  const clock = new SimulatedClock(0);
  const lines: string[] = [];
  const log: SipLog = { log: (level, component, fields) => lines.push(`${level} ${component} ${JSON.stringify(fields)}`) };
  const digest = new CountingDigestServer({ realm: REALM, credentials: [{ station: 'office', username: 'office', password: PASSWORD }], clock });
  const limiter = new AuthLimiter({ policy: { authFailures: 5, window: 60_000, blockFor: 300_000 }, clock, log });
  const auth = new SipAuthenticator(digest, limiter, log);
  return { clock, digest, limiter, auth, lines };
}

const PHONE: Flow = { proto: 'UDP', address: '192.0.2.21', port: 5062 };
const ATTACKER: Flow = { proto: 'UDP', address: '198.51.100.7', port: 5060 };

function nonceOf(headers: readonly string[]): string {
  return /nonce="([^"]+)"/.exec(headers[0] ?? '')?.[1] ?? '';
}

describe('SipAuthenticator', () => {
  it('challenges, then admits the station with the right password', () => {
    const { auth } = setup();
    const first = auth.authenticate(register(), PHONE);
    expect(first).toMatchObject({ ok: false, status: 401, reason: 'no-credentials' });
    if (first.ok) return;
    expect(auth.authenticate(register(answer(nonceOf(first.headers), PASSWORD)), PHONE)).toEqual({ ok: true, station: 'office', username: 'office' });
  });

  it('wrong passwords: 403 each, counted and logged without the password; the sixth blocks the address', () => {
    const { auth, limiter, lines } = setup();
    const challenge = auth.authenticate(register(), ATTACKER);
    const nonce = challenge.ok ? '' : nonceOf(challenge.headers);
    for (let i = 1; i <= 6; i++) {
      expect(auth.authenticate(register(answer(nonce, `guess-${i}-xx`, `0000000${i}`)), ATTACKER)).toMatchObject({ status: 403, reason: 'wrong-password' });
    }
    expect(limiter.isBlocked(ATTACKER.address)).toBe(true);
    expect(lines.filter((l) => l.includes('auth-failed'))).toHaveLength(6);
    expect(lines[0]).toBe('notice sip {"event":"auth-failed","address":"198.51.100.7","username":"office","reason":"wrong-password","blocked":false}');
    expect(lines.join('\n')).not.toMatch(/guess-|office-secret|response=/);
  });

  it('a blocked address gets 403 with no digest work, even with the right password; others are unaffected', () => {
    const { auth, digest, clock } = setup();
    const challenge = auth.authenticate(register(), ATTACKER);
    const nonce = challenge.ok ? '' : nonceOf(challenge.headers);
    for (let i = 1; i <= 6; i++) auth.authenticate(register(answer(nonce, 'wrong-pass', `0000000${i}`)), ATTACKER);
    const before = digest.checks;
    expect(auth.authenticate(register(answer(nonce, PASSWORD, '00000009')), ATTACKER)).toEqual({ ok: false, status: 403, reason: 'blocked', headers: [] });
    expect(digest.checks).toBe(before);
    const phone = auth.authenticate(register(), PHONE);
    expect(phone).toMatchObject({ status: 401 });
    if (!phone.ok) expect(auth.authenticate(register(answer(nonceOf(phone.headers), PASSWORD)), PHONE)).toMatchObject({ ok: true });
    clock.advance(300_000);
    expect(auth.authenticate(register(), ATTACKER)).toMatchObject({ status: 401 });
  });

  it('a flood of 10,000 REGISTERs in 10 s from one address costs a few dozen digest checks', () => {
    const { auth, digest, clock } = setup();
    const flood = register();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const decision = auth.authenticate(flood, ATTACKER);
      const status = decision.ok ? 200 : decision.status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      clock.advance(1);
    }
    // 20 challenges (the burst), then six over the allowance (503, each a failure) block it.
    expect(Object.fromEntries(statuses)).toEqual({ 401: 20, 503: 6, 403: 9974 });
    expect(digest.checks).toBe(26);
  });

  it('a challenge over the allowance is 503 with Retry-After', () => {
    const { auth } = setup();
    for (let i = 0; i < 20; i++) auth.authenticate(register(), PHONE);
    expect(auth.authenticate(register(), PHONE)).toEqual({ ok: false, status: 503, reason: 'throttled', headers: ['Retry-After: 5'] });
  });

  it('a stale nonce is a retry, not a failure', () => {
    const { auth, limiter, clock } = setup();
    const challenge = auth.authenticate(register(), PHONE);
    const nonce = challenge.ok ? '' : nonceOf(challenge.headers);
    clock.advance(400_000);
    for (let i = 1; i <= 8; i++) {
      expect(auth.authenticate(register(answer(nonce, PASSWORD, `0000000${i}`)), PHONE)).toMatchObject({ status: 401, reason: 'stale' });
    }
    expect(limiter.isBlocked(PHONE.address)).toBe(false);
  });
});
