import type { SipProto } from '../types.js';
import { viaParam } from './ViaValue.js';
import type { TopVia } from './ViaValue.js';

/** Where a response goes, from the top Via the request arrived with (stamped by `stampReceived`). */
export interface ResponseTarget {
  proto: SipProto;
  /** `received`, else the sent-by host. */
  host: string;
  /** `rport` when it has a value (RFC 3581), else the sent-by port, else 5060. */
  port: number;
  /** The sent-by port (default 5060): where a new TCP connection goes if the old one closed. */
  sentByPort: number;
}

/** RFC 3261 §18.2.2 with RFC 3581 §4; Via transports other than UDP and TCP are errors. */
export function responseTarget(top: TopVia): ResponseTarget | { error: string } {
  const { via } = top;
  if (via.transport !== 'UDP' && via.transport !== 'TCP') return { error: `Via transport ${via.transport} is not supported` };
  const proto: SipProto = via.transport === 'TCP' ? 'TCP' : 'UDP';
  const received = viaParam(via, 'received');
  const rport = viaParam(via, 'rport');
  const sentByPort = via.port ?? 5060;
  const rportNumber = rport !== undefined && /^\d{1,5}$/.test(rport) ? Number(rport) : undefined;
  const port = rportNumber !== undefined && rportNumber > 0 && rportNumber <= 65535 ? rportNumber : sentByPort;
  return { proto, host: (received ?? via.host).toLowerCase(), port, sentByPort };
}
