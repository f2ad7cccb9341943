/**
 * Why a request was not authenticated. For logs and tests: the SIP reason phrase stays the
 * generic one, so a client cannot tell an unknown user from a wrong password.
 */
export type DigestRejection =
  /** No `Authorization` header: the usual first request. 401 */
  | 'no-credentials'
  /** Credentials only for another realm. 401 */
  | 'realm'
  /** An algorithm or qop that was not offered. 401 */
  | 'unsupported'
  /** Right password, nonce too old, from another run, or with a foreign `opaque`. 401 stale */
  | 'stale'
  /** Right password, `nc` not above the last one seen with this nonce. 401 stale */
  | 'replay'
  /** The header does not parse or lacks a parameter. 400 */
  | 'malformed'
  /** `uri` is not the Request-URI. 400 */
  | 'uri'
  | 'unknown-user'
  | 'wrong-password';

export type DigestOutcome =
  | { ok: true; station: string; username: string }
  | {
    ok: false;
    status: 400 | 401 | 403;
    reason: DigestRejection;
    /** Header lines for the response (`WWW-Authenticate: …` on a 401). */
    headers: string[];
    /** The username the client gave, if any: untrusted text, for logs only. */
    username: string | undefined;
    /** A guess or an attack rather than protocol: what AuthLimiter counts. */
    countsAsFailure: boolean;
  };
