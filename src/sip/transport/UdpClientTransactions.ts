import type { Flow } from '../types.js';
import type { ClockTimers } from './ClockTimers.js';
import type { Resend, Verdict } from './UdpTransactionTimers.js';
import type { UdpTimerSettings } from './UdpTimerSettings.js';

/**
 * The client half of RFC 3261 §17.1 on UDP, for requests sip.js sent once and never repeats.
 *
 *   INVITE:     calling --1xx--> proceeding --300-699--> completed (ACK kept, Timer D) --> gone
 *               calling: Timer A re-sends at T1, 2T1, 4T1 ... until a response; Timer B (64*T1)
 *               ends the effort; a 2xx ends the record at once (sip.js's dialog ACKs 2xx itself).
 *               completed: a retransmitted non-2xx gets the ACK again and is absorbed.
 *   non-INVITE: trying --1xx--> proceeding --final--> completed (Timer K, T4) --> gone
 *               Timer E re-sends at T1 doubling up to T2 (just T2 once proceeding) until a final;
 *               Timer F (64*T1) ends the effort. completed: every response is absorbed.
 *
 * sip.js's own Timers B and F still tell the transaction user about a timeout; this layer only
 * re-sends and absorbs, and MUST NOT report anything upwards — except for an *owned* non-INVITE
 * transaction (`requestSent` with `owner`: a request keyline built and sent itself, bypassing
 * sip.js, such as the BLF notifier's NOTIFYs). Its responses never go up to sip.js: the first
 * final one goes to `owner` and every response is absorbed; Timer F tells `owner` 408.
 */
type State = 'calling' | 'trying' | 'proceeding' | 'completed';

interface ClientTx {
  method: string;
  flow: Flow;
  text: string;
  state: State;
  interval: number;
  retransmit: unknown;
  bound: unknown;
  /** INVITE only: the ACK sip.js sent for the non-2xx final. */
  ack?: { flow: Flow; text: string };
  /** Owned non-INVITE transactions: told the final status (408 on Timer F), exactly once. */
  owner?: (status: number) => void;
}

export class UdpClientTransactions {
  private readonly txs = new Map<string, ClientTx>();

  constructor(
    private readonly timers: ClockTimers,
    private readonly settings: UdpTimerSettings,
    private readonly resend: Resend,
  ) {}

  get size(): number {
    return this.txs.size;
  }

  requestSent(branch: string, method: string, flow: Flow, text: string, owner?: (status: number) => void): void {
    if (method === 'ACK') {
      const invite = this.txs.get(key(branch, 'INVITE'));
      if (invite?.state === 'completed') invite.ack = { flow, text };
      return;
    }
    const k = key(branch, method);
    if (this.txs.has(k)) return; // a copy of a request already under way: its timers run on
    const invite = method === 'INVITE';
    const tx: ClientTx = {
      method, flow, text, state: invite ? 'calling' : 'trying', interval: this.settings.t1,
      retransmit: undefined, bound: undefined,
    };
    if (owner !== undefined && !invite) tx.owner = owner;
    this.txs.set(k, tx);
    tx.bound = this.timers.after(64 * this.settings.t1, () => this.timeout(k)); // Timer B / F
    this.arm(k, tx);
  }

  responseReceived(branch: string, method: string, status: number): Verdict {
    const k = key(branch, method);
    const tx = this.txs.get(k);
    if (!tx) return 'pass';
    return method === 'INVITE' ? this.inviteResponse(k, tx, status) : this.nonInviteResponse(k, tx, status);
  }

  /** Drops the record of `branch` + `method` and its timers (the request could not be sent). */
  forget(branch: string, method: string): void {
    this.drop(key(branch, method));
  }

  clear(): void {
    this.txs.clear();
  }

  private inviteResponse(k: string, tx: ClientTx, status: number): Verdict {
    if (tx.state === 'completed') {
      if (status < 300) return status < 200 ? 'absorb' : 'pass';
      if (!tx.ack) return 'pass';
      this.resend(tx.ack.flow, tx.ack.text, 'ACK (Timer D)');
      return 'absorb';
    }
    this.timers.cancel(tx.retransmit); // any response stops Timer A
    tx.retransmit = undefined;
    if (status < 200) {
      if (tx.state === 'calling') {
        tx.state = 'proceeding';
        this.rebound(k, tx, this.settings.inviteProceedingLimit); // Timer B applies to calling only
      }
      return 'pass';
    }
    if (status < 300) {
      this.drop(k);
      return 'pass';
    }
    tx.state = 'completed';
    this.rebound(k, tx, this.settings.timerD);
    return 'pass';
  }

  private nonInviteResponse(k: string, tx: ClientTx, status: number): Verdict {
    if (tx.state === 'completed') return 'absorb'; // Timer K
    const owner = tx.owner;
    if (status < 200) {
      tx.state = 'proceeding';
      return owner ? 'absorb' : 'pass';
    }
    this.timers.cancel(tx.retransmit);
    tx.retransmit = undefined;
    tx.state = 'completed';
    this.rebound(k, tx, this.settings.t4);
    if (!owner) return 'pass';
    owner(status);
    return 'absorb';
  }

  /** Timer A or E: re-send, then re-arm with the next interval. */
  private arm(k: string, tx: ClientTx): void {
    tx.retransmit = this.timers.after(tx.interval, () => {
      if (this.txs.get(k) !== tx) return;
      this.resend(tx.flow, tx.text, tx.method === 'INVITE' ? 'Timer A' : 'Timer E');
      const { t2 } = this.settings;
      tx.interval = tx.method === 'INVITE' ? tx.interval * 2 : tx.state === 'proceeding' ? t2 : Math.min(tx.interval * 2, t2);
      this.arm(k, tx);
    });
  }

  private rebound(k: string, tx: ClientTx, ms: number): void {
    this.timers.cancel(tx.bound);
    tx.bound = this.timers.after(ms, () => this.drop(k));
  }

  /** Timer B or F: an owned transaction still waiting for its final hears 408 (RFC 3261 §17.1.2.2). */
  private timeout(k: string): void {
    const tx = this.txs.get(k);
    this.drop(k);
    if (tx?.owner && tx.state !== 'completed') tx.owner(408);
  }

  private drop(k: string): void {
    const tx = this.txs.get(k);
    if (!tx) return;
    this.timers.cancel(tx.retransmit);
    this.timers.cancel(tx.bound);
    this.txs.delete(k);
  }
}

function key(branch: string, method: string): string {
  return `${branch} ${method}`;
}
