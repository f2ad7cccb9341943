import type { Flow } from '../types.js';
import type { LocalAddress } from './LocalAddress.js';
import { isOwnVia, rewriteViaIncoming } from './rewriteVia.js';
import { cseqMethod, parseHead } from './SipHead.js';
import type { RequestHead, ResponseHead } from './SipHead.js';
import { firstUriIn, hostPortKey, parseSipUri } from './SipUri.js';
import { stampReceived } from './stampReceived.js';
import type { TcpConnections } from './TcpConnections.js';
import type { UdpTransactionTimers } from './UdpTransactionTimers.js';
import { sentByOf, topViaOf, viaParam } from './ViaValue.js';
import type { TopVia } from './ViaValue.js';

export interface InboundContext {
  local: LocalAddress;
  /** What sip.js writes as the Via transport (`NodeTransport.protocol`). */
  protocol: string;
  timers: UdpTransactionTimers;
  tcp: TcpConnections | undefined;
}

/** What becomes of one received message. */
export type Inbound = { deliver: string } | { absorbed: string } | { drop: string };

/**
 * The server and client transport's receive rules (RFC 3261 §18.1.2, §18.2.1) for one message:
 * - a message without a valid start line or top Via is dropped;
 * - a request gets `received`/`rport` (`stampReceived`); over TCP its Via sent-by and Contact
 *   become aliases of the connection it came on;
 * - a response whose top Via is not ours is dropped; otherwise sip.js's own Via is restored;
 * - over UDP the transaction timers may absorb a retransmission, or a response to a request
 *   keyline sent as its own transaction (`NodeTransport.sendOwnRequest`), which they hand over
 *   themselves (`absorbed`).
 * Pure apart from the timers and alias table it is given; MUST NOT throw on any text.
 */
export function inboundMessage(text: string, flow: Flow, ctx: InboundContext): Inbound {
  const head = parseHead(text);
  if ('error' in head) return { drop: head.error };
  const top = topViaOf(head);
  if (!top) return { drop: 'missing or garbled Via' };
  const branch = viaParam(top.via, 'branch') ?? '';
  return head.kind === 'request' ? request(text, head, top, branch, flow, ctx) : response(text, head, top, branch, flow, ctx);
}

function request(text: string, head: RequestHead, top: TopVia, branch: string, flow: Flow, ctx: InboundContext): Inbound {
  if (flow.proto === 'UDP' && ctx.timers.requestReceived({ branch, sentBy: sentByOf(top.via), method: head.method }) === 'absorb') {
    return { absorbed: `${head.method} retransmission` };
  }
  if (flow.proto === 'TCP' && ctx.tcp) aliasConnection(head, top, flow, ctx.tcp);
  return { deliver: stampReceived(text, top, flow) };
}

function response(text: string, head: ResponseHead, top: TopVia, branch: string, flow: Flow, ctx: InboundContext): Inbound {
  const method = cseqMethod(head);
  if (!method) return { drop: 'response without a valid CSeq' };
  if (!isOwnVia(top, ctx.local)) return { drop: 'response whose top Via is not ours' };
  if (flow.proto === 'UDP' && ctx.timers.responseReceived({ branch, sentBy: sentByOf(top.via), method }, head.status) === 'absorb') {
    return { absorbed: `${head.status} ${method} (retransmission or own transaction)` };
  }
  const restored = rewriteViaIncoming(text, top, ctx.local, ctx.protocol);
  return restored === undefined ? { drop: 'response whose top Via is not ours' } : { deliver: restored };
}

/** The peer's sent-by port and Contact reach the connection it opened (responses, requests to it). */
function aliasConnection(head: RequestHead, top: TopVia, flow: Flow, tcp: TcpConnections): void {
  tcp.alias(hostPortKey(flow.address, top.via.port), flow);
  const contact = head.headers.find((h) => h.name === 'contact');
  const span = contact && firstUriIn(contact.value);
  const uri = span && parseSipUri(span.uri);
  if (uri) tcp.alias(hostPortKey(uri.host, uri.port), flow);
}
