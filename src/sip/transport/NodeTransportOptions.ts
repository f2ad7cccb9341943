import type { Flow, SipClock, SipListen, SipLog } from '../types.js';
import type { HostResolver } from './HostResolver.js';
import type { UdpTimerSettings } from './UdpTimerSettings.js';

export interface NodeTransportOptions {
  /** Address and port for UDP and TCP alike (port 0: any free port, read back from `local`). */
  listen: SipListen;
  clock: SipClock;
  log: SipLog;
  /** Log component of this transport's lines (default `sip.transport`). */
  component?: string;
  /** Request-URI and Route hosts to IPv4 (default: IP literals plus `node:dns` A lookup). */
  resolver?: HostResolver;
  /** RFC 3261 §17 timer values for UDP (default RFC3261_TIMERS). */
  timers?: Partial<UdpTimerSettings>;
  /** Largest message accepted on a stream; a TCP peer exceeding it is disconnected (65536). */
  maxMessageBytes?: number;
  /** UDP messages larger than this are logged as a warning: the caller should use TCP (1300). */
  udpWarnBytes?: number;
  /** How long opening a TCP connection may take (5000 ms, on `clock`). */
  connectTimeoutMs?: number;
  /** Accepted TCP connections at most (1024). */
  maxTcpConnections?: number;
  /** Every message in and out, as it is on the wire (debugging, tests). MUST NOT throw. */
  trace?: (direction: 'in' | 'out', flow: Flow, text: string) => void;
}
