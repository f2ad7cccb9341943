import type { Flow, SipClock, SipLog } from '../types.js';
import { ClockTimers } from './ClockTimers.js';
import { UdpClientTransactions } from './UdpClientTransactions.js';
import { UdpServerTransactions } from './UdpServerTransactions.js';
import { udpTimerSettings } from './UdpTimerSettings.js';
import type { UdpTimerSettings } from './UdpTimerSettings.js';

/** Whether a received message goes on up to sip.js or was handled (absorbed) here. */
export type Verdict = 'pass' | 'absorb';

/** Puts a message on the UDP socket again; MUST NOT throw (failures are logged by the owner). */
export type Resend = (flow: Flow, text: string, why: string) => void;

/** The transaction identity of a message, as the transport reads it from the top Via and CSeq. */
export interface TxIdentity {
  /** The top Via `branch`. */
  branch: string;
  /** The top Via sent-by (`sentByOf`). */
  sentBy: string;
  /** The request method, or the CSeq method of a response. */
  method: string;
}

export interface UdpTransactionTimersOptions {
  clock: SipClock;
  log: SipLog;
  /** Raw UDP send for retransmissions. */
  send: (flow: Flow, text: string) => void;
  timers?: Partial<UdpTimerSettings>;
}

const MAGIC_COOKIE = 'z9hG4bK';

/**
 * RFC 3261 §17 reliability for UDP, which sip.js 0.21.2 leaves out ("FIXME: Timer A/E/G not
 * implemented"; Timers D, I, J, K are 0). It sits between sip.js and the UDP socket: the
 * transport tells it about every UDP message in and out; it re-sends on the injected clock and
 * answers or absorbs retransmissions. Client side: Timers A, B, D (re-ACK), E, F, K
 * (`UdpClientTransactions`); server side: Timers G, H, I, J, L and the response cache
 * (`UdpServerTransactions`). Only RFC 3261 branches (`z9hG4bK...`) are tracked on the server side.
 * `close()` MUST cancel every timer; nothing is sent after it.
 */
export class UdpTransactionTimers {
  private readonly timers: ClockTimers;
  private readonly client: UdpClientTransactions;
  private readonly server: UdpServerTransactions;
  private closed = false;

  constructor(options: UdpTransactionTimersOptions) {
    const settings = udpTimerSettings(options.timers);
    const { log, send } = options;
    this.timers = new ClockTimers(options.clock, (error) =>
      log.log('error', 'sip.timers', { event: 'timer-failed', error: String(error) }),
    );
    const resend: Resend = (flow, text, why) => {
      if (this.closed) return;
      log.log('debug', 'sip.timers', { event: 'retransmit', why, to: `${flow.address}:${flow.port}`, line: text.slice(0, text.indexOf('\r\n')) });
      send(flow, text);
    };
    this.client = new UdpClientTransactions(this.timers, settings, resend);
    this.server = new UdpServerTransactions(this.timers, settings, resend);
  }

  /**
   * A request (ACK included) went out over UDP. With `owner` (non-INVITE only) the transaction
   * is keyline's own, not sip.js's: its responses are absorbed here and `owner` gets the first
   * final status, or 408 from Timer F (`UdpClientTransactions`).
   */
  requestSent(id: TxIdentity, flow: Flow, text: string, owner?: (status: number) => void): void {
    if (!this.closed) this.client.requestSent(id.branch, id.method, flow, text, owner);
  }

  /** A request could not be sent: its client record and timers go. */
  requestFailed(id: TxIdentity): void {
    this.client.forget(id.branch, id.method);
  }

  /** A response arrived over UDP: 'absorb' when it is a retransmission handled here. */
  responseReceived(id: TxIdentity, status: number): Verdict {
    return this.closed ? 'absorb' : this.client.responseReceived(id.branch, id.method, status);
  }

  /** A request arrived over UDP: 'absorb' when it is a retransmission answered here. */
  requestReceived(id: TxIdentity): Verdict {
    if (this.closed) return 'absorb';
    if (!id.branch.startsWith(MAGIC_COOKIE)) return 'pass';
    return this.server.requestReceived(id.branch, id.sentBy, id.method);
  }

  /** A response went out over UDP. */
  responseSent(id: TxIdentity, status: number, flow: Flow, text: string): void {
    if (this.closed || !id.branch.startsWith(MAGIC_COOKIE)) return;
    this.server.responseSent(id.branch, id.sentBy, id.method, status, flow, text);
  }

  /** Live transaction records (client + server), for tests and status. */
  get size(): number {
    return this.client.size + this.server.size;
  }

  /** Armed timers, for tests that prove nothing is left running. */
  get armedTimers(): number {
    return this.timers.size;
  }

  close(): void {
    this.closed = true;
    this.timers.clear();
    this.client.clear();
    this.server.clear();
  }
}
