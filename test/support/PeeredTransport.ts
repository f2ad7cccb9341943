import { Core, EmitterImpl, TransportState } from 'sip.js';
import type { Emitter, Transport } from 'sip.js';

/**
 * What happens to one message a peer sends (STYLE.md 11: in-process SIP with peered fake
 * transports). `deliver` hands it to the other side on a microtask; `drop` loses it (the send
 * still succeeds, as UDP's would); `fail` rejects the send, which sip.js reports as a transport
 * error; `hold` keeps it until `release()`; `{ delayMs }` delivers it after that long on the
 * clock given to `pair()`.
 */
export type PeerVerdict = 'deliver' | 'drop' | 'fail' | 'hold' | { delayMs: number };

/** Decides each message's fate; `message` is the full SIP text as sip.js wrote it. */
export type PeerRoute = (message: string, from: PeeredTransport) => PeerVerdict;

/** The timer source for delayed delivery: structurally the SipClock (a SimulatedClock in tests). */
export interface PeerTimer {
  setTimeout(fn: () => void, ms: number): unknown;
}

export interface PeeredPairOptions {
  /** The `protocol` sip.js writes into Via; TCP by default, so no UDP retransmission is expected. */
  protocol?: string;
  clock?: PeerTimer;
}

/**
 * One end of an in-process SIP link: a sip.js `Transport` whose `send` hands the string to the
 * other end's `onMessage` asynchronously (queueMicrotask), in order. Both ends are made by
 * `pair()` and start connected. Every message sent is kept in `sent`; `route` may drop, fail,
 * hold or delay any of them.
 *
 * A transport MUST NOT deliver a message synchronously inside `send` (sip.js is not re-entrant
 * there) and MUST deliver the messages of one end in the order they were sent, unless delayed.
 */
export class PeeredTransport implements Transport {
  readonly protocol: string;
  readonly sent: string[] = [];
  route: PeerRoute | undefined;
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private peer: PeeredTransport | undefined;
  private readonly held: string[] = [];
  private readonly states = new EmitterImpl<TransportState>();
  private current: TransportState = TransportState.Connected;

  private constructor(readonly name: string, protocol: string, private readonly clock: PeerTimer | undefined) {
    this.protocol = protocol;
  }

  /** Two connected ends, `a` and `b`. */
  static pair(options: PeeredPairOptions = {}): [PeeredTransport, PeeredTransport] {
    const protocol = options.protocol ?? 'TCP';
    const a = new PeeredTransport('a', protocol, options.clock);
    const b = new PeeredTransport('b', protocol, options.clock);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  get state(): TransportState {
    return this.current;
  }

  get stateChange(): Emitter<TransportState> {
    return this.states;
  }

  isConnected(): boolean {
    return this.current === TransportState.Connected;
  }

  connect(): Promise<void> {
    this.setState(TransportState.Connected);
    this.onConnect?.();
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.();
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    this.held.length = 0;
    return this.disconnect();
  }

  send(message: string): Promise<void> {
    if (!this.isConnected()) return Promise.reject(new Core.TransportError(`peered transport ${this.name} is disconnected`));
    this.sent.push(message);
    const verdict = this.route?.(message, this) ?? 'deliver';
    if (verdict === 'fail') return Promise.reject(new Core.TransportError(`peered transport ${this.name}: send failed (route)`));
    if (verdict === 'drop') return Promise.resolve();
    if (verdict === 'hold') {
      this.held.push(message);
      return Promise.resolve();
    }
    if (verdict === 'deliver') {
      queueMicrotask(() => this.deliver(message));
      return Promise.resolve();
    }
    if (!this.clock) throw new TypeError('PeeredTransport.send: a delay needs the clock option of pair()');
    this.clock.setTimeout(() => this.deliver(message), verdict.delayMs);
    return Promise.resolve();
  }

  /** Delivers the held messages in the order they were sent; returns how many. */
  release(): number {
    const out = this.held.splice(0);
    for (const m of out) queueMicrotask(() => this.deliver(m));
    return out.length;
  }

  /** How many messages are held. */
  get holding(): number {
    return this.held.length;
  }

  private deliver(message: string): void {
    const peer = this.peer;
    if (!peer?.isConnected()) return;
    peer.onMessage?.(message);
  }

  private setState(s: TransportState): void {
    if (s === this.current) return;
    this.current = s;
    this.states.emit(s);
  }
}
