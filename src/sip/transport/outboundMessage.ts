import { isIPv4 } from 'node:net';
import type { Flow } from '../types.js';
import type { HostResolver } from './HostResolver.js';
import type { LocalAddress } from './LocalAddress.js';
import { requestTarget } from './requestTarget.js';
import type { RequestTarget } from './requestTarget.js';
import { responseTarget } from './responseTarget.js';
import { rewriteViaOutgoing } from './rewriteVia.js';
import { cseqMethod, parseHead } from './SipHead.js';
import type { RequestHead, ResponseHead, SipHead } from './SipHead.js';
import { hostPortKey } from './SipUri.js';
import type { TcpConnections } from './TcpConnections.js';
import type { TxIdentity } from './UdpTransactionTimers.js';
import { sentByOf, topViaOf, viaParam } from './ViaValue.js';
import { withTcpContact } from './withTcpContact.js';

export interface OutboundContext {
  local: LocalAddress;
  resolver: HostResolver;
  tcp: TcpConnections | undefined;
  /** Flows the application pinned, by the contact's `host:port` (`NodeTransport.pinFlow`). */
  pinned: ReadonlyMap<string, Flow>;
}

/** A message ready for the wire: its final text, where it goes and its transaction identity. */
export interface Outbound {
  text: string;
  flow: Flow;
  id: TxIdentity;
  /** Responses only. */
  status?: number;
}

/**
 * Where a message sip.js hands us goes, and how it must look there (RFC 3261 §18.1.1, §18.2.2):
 * requests by pinned flow, else TCP alias, else top Route / Request-URI (resolved by `resolver`),
 * with our transport and `host:port` in the top Via; responses by the top Via (`received`,
 * `rport`), over TCP on the connection the request came in on if it is still open, else on a new
 * one to `received` and the sent-by port. Over TCP our Contact gets `;transport=tcp`.
 *
 * Synchronous when no host name has to be resolved (IP literals, pinned flows, TCP aliases), so
 * that messages handed to the transport one after the other go on the wire in that order: the
 * 200 to a SUBSCRIBE before the NOTIFY sent right after it (RFC 6665 §4.2.1.2). Only a name
 * lookup makes it a Promise. Throws (or rejects) with an Error naming the reason when the
 * message cannot be routed.
 */
export function outboundMessage(text: string, ctx: OutboundContext): Outbound | Promise<Outbound> {
  const head = headOf(text);
  const top = topViaOf(head);
  if (!top) throw new Error('outgoing message without a valid Via');
  if (head.kind === 'response') return response(text, head, ctx);
  const request = (flow: Flow): Outbound => {
    let out = rewriteViaOutgoing(text, top, flow.proto, ctx.local);
    if (flow.proto === 'TCP') out = withTcpContact(out, headOf(out), ctx.local);
    const id = { branch: viaParam(top.via, 'branch') ?? '', sentBy: `${ctx.local.host}:${ctx.local.port}`, method: head.method };
    return { text: out, flow, id };
  };
  const flow = route(head, ctx);
  return flow instanceof Promise ? flow.then(request) : request(flow);
}

/** `done` with the host's IPv4 address: at once for a literal, after the resolver for a name. */
function resolved<T>(host: string, ctx: OutboundContext, done: (address: string) => T): T | Promise<T> {
  return isIPv4(host) ? done(host) : ctx.resolver(host).then(done);
}

function route(head: RequestHead, ctx: OutboundContext): Flow | Promise<Flow> {
  const target = requestTarget(head);
  if ('error' in target) throw new Error(target.error);
  return routeTo(target, ctx);
}

/**
 * The flow to a request's next hop (`requestTarget`, `uriTarget`): the pinned flow of that
 * `host:port`, else a TCP alias, else the target itself (a name resolved by `ctx.resolver`).
 */
export function routeTo(target: RequestTarget, ctx: OutboundContext): Flow | Promise<Flow> {
  const key = hostPortKey(target.host, target.port);
  const pinned = ctx.pinned.get(key);
  if (pinned && (pinned.proto === 'UDP' || ctx.tcp?.find(`${pinned.address}:${pinned.port}`))) return pinned;
  if (target.proto !== 'UDP') {
    const alias = ctx.tcp?.find(key);
    if (alias) return alias;
  }
  const proto = target.proto ?? 'UDP';
  if (proto === 'TCP' && !ctx.tcp) throw new Error('TCP is disabled on this transport');
  return resolved(target.host, ctx, (address): Flow => ({ proto, address, port: target.port }));
}

function response(text: string, head: ResponseHead, ctx: OutboundContext): Outbound | Promise<Outbound> {
  const top = topViaOf(head);
  const method = cseqMethod(head);
  if (!top || !method) throw new Error('outgoing response without a valid Via or CSeq');
  const target = responseTarget(top);
  if ('error' in target) throw new Error(target.error);
  const id = { branch: viaParam(top.via, 'branch') ?? '', sentBy: sentByOf(top.via), method };
  const tcp = ctx.tcp;
  return resolved(target.host, ctx, (address): Outbound => {
    if (target.proto === 'UDP') return { text, flow: { proto: 'UDP', address, port: target.port }, id, status: head.status };
    if (!tcp) throw new Error('TCP is disabled on this transport');
    const flow = tcp.find(`${address}:${target.port}`) ?? tcp.find(`${address}:${target.sentByPort}`) ?? {
      proto: 'TCP', address, port: target.sentByPort,
    };
    return { text: withTcpContact(text, head, ctx.local), flow, id, status: head.status };
  });
}

function headOf(text: string): SipHead {
  const head = parseHead(text);
  if ('error' in head) throw new Error(`outgoing message: ${head.error}`);
  return head;
}
