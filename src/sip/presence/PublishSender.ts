import { Grammar } from 'sip.js';
import type { Core } from 'sip.js';
import { DIALOG_INFO_CONTENT_TYPE } from '../blf/dialogInfoBody.js';
import type { SipLog } from '../types.js';
import type { ResponseFacts } from './PublishPolicy.js';

/** One PUBLISH (RFC 3903 §4): no `etag` is an initial one, no `body` with `expires` 0 a removal. */
export interface PublishRequest {
  /** The presentity: Request-URI, From and To. */
  uri: string;
  etag: string | null;
  /** Whole seconds are sent; 0 removes the publication. */
  expiresMs: number;
  body: string | null;
}

/**
 * Sends one PUBLISH and reports its final response exactly once (a transport error or timeout
 * as sip.js reports it: 503 or 408). MUST NOT throw: a failure to send is reported as 503.
 */
export type PublishSender = (request: PublishRequest, done: (response: ResponseFacts) => void) => void;

/**
 * A `PublishSender` on a sip.js core: `Event: dialog`, the route set towards the presence server,
 * and every delegate callback guarded so that nothing sip.js hands back can throw out of a timer
 * or socket callback (issue 3: sip.js throws from timer callbacks when PUBLISHes time out).
 */
export function sipPublishSender(core: Core.UserAgentCore, routeSet: readonly string[], log: SipLog, component = 'presence'): PublishSender {
  return (request, done) => {
    let reported = false;
    // Reported on a microtask: the next PUBLISH is never started from inside sip.js's own
    // transaction callbacks (a timer firing, a response being dispatched), only after they return.
    const report = (facts: ResponseFacts): void => {
      if (reported) return;
      reported = true;
      queueMicrotask(() => {
        try {
          done(facts);
        } catch (err) {
          log.log('error', component, { event: 'publish-handler-failed', error: err instanceof Error ? err.message : String(err) });
        }
      });
    };
    const final = (r: Core.IncomingResponse): void => {
      const m = r.message;
      report({
        status: m.statusCode ?? 0, reason: m.reasonPhrase ?? '',
        etag: m.getHeader('SIP-ETag'), expires: m.getHeader('Expires'), minExpires: m.getHeader('Min-Expires'), retryAfter: m.getHeader('Retry-After'),
      });
    };
    try {
      const uri = Grammar.URIParse(request.uri);
      if (!uri) throw new TypeError(`not a SIP URI: ${request.uri}`);
      const headers = ['Event: dialog', `Expires: ${Math.round(request.expiresMs / 1000)}`];
      if (request.etag !== null) headers.push(`SIP-If-Match: ${request.etag}`);
      const body = request.body === null ? undefined : { contentDisposition: 'render', contentType: DIALOG_INFO_CONTENT_TYPE, content: request.body };
      const message = core.makeOutgoingRequestMessage('PUBLISH', uri, uri, uri, { routeSet: [...routeSet] }, headers, body);
      core.publish(message, { onAccept: final, onReject: final, onRedirect: final });
    } catch (err) {
      log.log('warning', component, { event: 'publish-send-failed', error: err instanceof Error ? err.message : String(err) });
      report({ status: 503, reason: 'Send Failed', etag: undefined, expires: undefined, minExpires: undefined, retryAfter: undefined });
    }
  };
}
