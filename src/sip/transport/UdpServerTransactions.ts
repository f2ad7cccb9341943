import type { Flow } from '../types.js';
import type { ClockTimers } from './ClockTimers.js';
import type { Resend, Verdict } from './UdpTransactionTimers.js';
import type { UdpTimerSettings } from './UdpTimerSettings.js';

/**
 * The server half of RFC 3261 §17.2 on UDP, keyed by branch, sent-by and method (§17.2.3).
 * sip.js answers each request once; retransmitted requests are answered here and never reach it.
 *
 *   non-INVITE: trying --1xx--> proceeding --final--> completed (Timer J, 64*T1) --> gone
 *               trying: a retransmission is swallowed; proceeding: it gets the last provisional;
 *               completed: it gets the cached final.
 *   INVITE:     proceeding --2xx--> accepted (Timer L, 64*T1) --> gone
 *               proceeding --300-699--> completed --ACK--> confirmed (Timer I, T4) --> gone
 *               proceeding: a retransmitted INVITE gets the last provisional (or is swallowed);
 *               accepted: retransmitted INVITEs are absorbed (RFC 6026; sip.js re-sends 2xx);
 *               completed: Timer G re-sends the final at T1 doubling up to T2 until the ACK,
 *               Timer H (64*T1) gives up; a retransmitted INVITE gets the final again;
 *               the first ACK stops G and is passed on (sip.js's transaction absorbs it);
 *               confirmed: further ACKs and INVITEs are absorbed (Timer I).
 * A request still waiting for its final is forgotten after 64*T1 (non-INVITE) or
 * `inviteProceedingLimit` (INVITE), bounding memory if the transaction user never answers.
 */
type State = 'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed';

interface ServerTx {
  method: string;
  state: State;
  flow: Flow | undefined;
  /** The last provisional (proceeding) or the final (completed) response. */
  response: string | undefined;
  interval: number;
  retransmit: unknown;
  bound: unknown;
}

export class UdpServerTransactions {
  private readonly txs = new Map<string, ServerTx>();

  constructor(
    private readonly timers: ClockTimers,
    private readonly settings: UdpTimerSettings,
    private readonly resend: Resend,
  ) {}

  get size(): number {
    return this.txs.size;
  }

  requestReceived(branch: string, sentBy: string, method: string): Verdict {
    if (method === 'ACK') return this.ack(key(branch, sentBy, 'INVITE'));
    const k = key(branch, sentBy, method);
    const tx = this.txs.get(k);
    if (!tx) {
      const fresh: ServerTx = {
        method, state: method === 'INVITE' ? 'proceeding' : 'trying', flow: undefined, response: undefined,
        interval: this.settings.t1, retransmit: undefined, bound: undefined,
      };
      this.txs.set(k, fresh);
      this.rebound(k, fresh, method === 'INVITE' ? this.settings.inviteProceedingLimit : 64 * this.settings.t1);
      return 'pass';
    }
    if ((tx.state === 'proceeding' || tx.state === 'completed') && tx.response !== undefined && tx.flow) {
      this.resend(tx.flow, tx.response, `${method} retransmission answered`);
    }
    return 'absorb';
  }

  responseSent(branch: string, sentBy: string, method: string, status: number, flow: Flow, text: string): void {
    if (method === 'ACK') return;
    const k = key(branch, sentBy, method);
    let tx = this.txs.get(k);
    if (!tx) {
      // The request's record expired, or sip.js answered a request this layer never saw.
      tx = { method, state: 'trying', flow, response: undefined, interval: this.settings.t1, retransmit: undefined, bound: undefined };
      this.txs.set(k, tx);
    }
    tx.flow = flow;
    if (status < 200) {
      if (tx.state === 'trying' || tx.state === 'proceeding') {
        tx.state = 'proceeding';
        tx.response = text;
      }
      return;
    }
    if (tx.state === 'completed' || tx.state === 'confirmed' || tx.state === 'accepted') return; // a copy sip.js re-sent
    if (method === 'INVITE' && status < 300) {
      tx.state = 'accepted';
      tx.response = undefined;
      this.rebound(k, tx, 64 * this.settings.t1); // Timer L
      return;
    }
    tx.state = 'completed';
    tx.response = text;
    this.rebound(k, tx, 64 * this.settings.t1); // Timer J (non-INVITE) or H (INVITE)
    if (method === 'INVITE') this.armG(k, tx);
  }

  clear(): void {
    this.txs.clear();
  }

  private ack(k: string): Verdict {
    const tx = this.txs.get(k);
    if (!tx || (tx.state !== 'completed' && tx.state !== 'confirmed')) return 'pass';
    if (tx.state === 'confirmed') return 'absorb';
    this.timers.cancel(tx.retransmit);
    tx.retransmit = undefined;
    tx.state = 'confirmed';
    tx.response = undefined;
    this.rebound(k, tx, this.settings.t4); // Timer I
    return 'pass';
  }

  /** Timer G: re-send the non-2xx final, doubling up to T2. */
  private armG(k: string, tx: ServerTx): void {
    tx.retransmit = this.timers.after(tx.interval, () => {
      if (this.txs.get(k) !== tx || tx.state !== 'completed' || !tx.flow || tx.response === undefined) return;
      this.resend(tx.flow, tx.response, 'Timer G');
      tx.interval = Math.min(tx.interval * 2, this.settings.t2);
      this.armG(k, tx);
    });
  }

  private rebound(k: string, tx: ServerTx, ms: number): void {
    this.timers.cancel(tx.bound);
    tx.bound = this.timers.after(ms, () => {
      this.timers.cancel(tx.retransmit);
      if (this.txs.get(k) === tx) this.txs.delete(k);
    });
  }
}

function key(branch: string, sentBy: string, method: string): string {
  return `${branch} ${sentBy} ${method}`;
}
