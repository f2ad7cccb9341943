import type { Core } from 'sip.js';
import type { Flow, SipLog } from '../types.js';
import type { AuthLimiter } from './AuthLimiter.js';
import type { DigestServer } from './DigestServer.js';
import type { DigestRejection } from './DigestOutcome.js';

export type AuthDecision =
  | { ok: true; station: string; username: string }
  | {
    ok: false;
    status: 400 | 401 | 403 | 503;
    /** For logs and tests; never sent. */
    reason: DigestRejection | 'blocked' | 'throttled';
    /** Header lines for the response. */
    headers: string[];
  };

/** Seconds a throttled client is asked to wait. */
const THROTTLE_RETRY_AFTER_S = 5;

/** Untrusted text in a log line: printable, short. */
function loggable(username: string | undefined): string | undefined {
  return username === undefined ? undefined : username.replace(/[^\x21-\x7e]/g, '?').slice(0, 64);
}

/**
 * Authenticates a request from a phone: the AuthLimiter's verdict on the source address first
 * (a blocked one costs no digest work: 403), then the DigestServer. Failures are counted before
 * the answer goes out and logged with the address and the username given, never a password or
 * digest. A 401 beyond the address's challenge allowance becomes 503 with `Retry-After` and
 * counts as a failure.
 */
export class SipAuthenticator {
  constructor(
    private readonly digest: DigestServer,
    private readonly limiter: AuthLimiter,
    private readonly log?: SipLog,
  ) {}

  authenticate(message: Core.IncomingRequestMessage, flow: Flow): AuthDecision {
    const { address } = flow;
    if (this.limiter.isBlocked(address)) return { ok: false, status: 403, reason: 'blocked', headers: [] };
    const outcome = this.digest.check(message);
    if (outcome.ok) {
      this.limiter.success(address);
      return outcome;
    }
    const { status, reason, headers, username } = outcome;
    if (status === 401 && !this.limiter.allowChallenge(address)) {
      this.fail(address, username, 'throttled');
      return { ok: false, status: 503, reason: 'throttled', headers: [`Retry-After: ${THROTTLE_RETRY_AFTER_S}`] };
    }
    if (outcome.countsAsFailure) this.fail(address, username, reason);
    else if (reason !== 'no-credentials') {
      this.log?.log('debug', 'sip', { event: 'auth-retry', method: message.method, address, username: loggable(username), reason });
    }
    return { ok: false, status, reason, headers };
  }

  private fail(address: string, username: string | undefined, reason: string): void {
    const blocked = this.limiter.failure(address);
    this.log?.log('notice', 'sip', { event: 'auth-failed', address, username: loggable(username), reason, blocked });
  }
}
