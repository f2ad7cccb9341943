import type { Flow } from '../types.js';
import type { LocalAddress } from './LocalAddress.js';
import { replaceTopVia } from './ViaValue.js';
import type { TopVia } from './ViaValue.js';

/**
 * Via sent-by, both ways. sip.js writes `SIP/2.0/<protocol> <viaHost>;branch=..` with no port
 * and (in its UserAgent) drops responses whose top Via has one; a peer needs the real transport
 * and port (RFC 3261 §18.1.1). So on the way out the top Via gets the flow's transport and our
 * `host:port`; on the way back a response's top Via MUST be ours (§18.1.2, else it is dropped)
 * and is restored to exactly what sip.js wrote.
 */
export function rewriteViaOutgoing(text: string, top: TopVia, proto: Flow['proto'], self: LocalAddress): string {
  return replaceTopVia(text, top, { ...top.via, transport: proto, host: self.host, port: self.port });
}

/** The response with sip.js's own top Via back, or undefined when the top Via is not ours. */
export function rewriteViaIncoming(text: string, top: TopVia, self: LocalAddress, protocol: string): string | undefined {
  if (!isOwnVia(top, self)) return undefined;
  return replaceTopVia(text, top, { ...top.via, transport: protocol, host: self.host, port: undefined });
}

/** Whether a response's top Via is the one we wrote (our host and port, RFC 3261 §18.1.2). */
export function isOwnVia(top: TopVia, self: LocalAddress): boolean {
  return top.via.host.toLowerCase() === self.host.toLowerCase() && (top.via.port ?? 5060) === self.port;
}
