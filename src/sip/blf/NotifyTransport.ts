import type { Flow } from '../types.js';

/**
 * What the notifier's fast path needs of keyline's transport (`NodeTransport` is one): the UDP
 * route of a NOTIFY and a send as keyline's own non-INVITE client transaction, bypassing sip.js's
 * user agent client (bench/RESULTS.md, docs/design-notes.md). Without it, or when `udpRoute`
 * gives nothing (TCP, a name to look up), NOTIFYs go through sip.js as before.
 */
export interface NotifyTransport {
  /** Our advertised `host` and bound `port`, as written into Via. */
  readonly local: { host: string; port: number };
  /** The UDP flow to `nextHop` (top Route URI, else Request-URI) when known at once; else undefined. */
  udpRoute(nextHop: string): Flow | undefined;
  /**
   * Sends `text` (final, our Via with `branch`) as a client transaction with Timers E and F;
   * `done` gets the final status (408 on Timer F, 503 when the socket refused it), exactly once,
   * later; the responses never reach sip.js.
   */
  sendOwnRequest(text: string, flow: Flow, branch: string, method: string, done: (status: number) => void): void;
}
