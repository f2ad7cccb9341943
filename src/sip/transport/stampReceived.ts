import type { Flow } from '../types.js';
import { hasViaParam, replaceTopVia, withViaParam } from './ViaValue.js';
import type { TopVia } from './ViaValue.js';

/**
 * A request as the server transport must hand it up (RFC 3261 §18.2.1, RFC 3581 §4): the top
 * Via gets `received=<source address>` when its sent-by host differs from it, when the client
 * asked for `rport`, or in place of a `received` the client sent, and a valueless `rport` gets the source port. sip.js copies Via into its
 * responses, so these parameters are what later routes the response back (`responseTarget`).
 */
export function stampReceived(text: string, top: TopVia, flow: Flow): string {
  let via = top.via;
  const rport = hasViaParam(via, 'rport');
  if (rport) via = withViaParam(via, 'rport', String(flow.port));
  // A `received` the client wrote itself is replaced too: responses go where the request came from.
  if (rport || via.host !== flow.address || hasViaParam(via, 'received')) via = withViaParam(via, 'received', flow.address);
  return via === top.via ? text : replaceTopVia(text, top, via);
}
