import { FLAG_ACK_REQ, FLAG_RETX, KLB_VERSION, MsgType } from '../../codecs/klb/constants.js';
import { encodeHostMessage } from '../../codecs/klb/hostMessages.js';
import type { HostMessage } from '../../codecs/klb/hostMessages.js';
import type { KlbFrame } from '../../codecs/klb/KlbFrame.js';
import { toWire } from '../../codecs/klb/toWire.js';
import type { Clock, Millis } from '../../contracts/clock.js';

export interface KlbLinkOptions {
  /** Time to wait for an ACK before repeating (§3.2: every 100 ms). */
  retransmitMs?: Millis;
  /** Repeats before the link is lost (§3.2: 3). */
  maxRetransmits?: number;
  /** Unacknowledged frames in flight (§3.2: 8). */
  window?: number;
  /** The `seq` of the first frame (default 0); `McuBoard` carries it on across its links. */
  firstSeq?: number;
}

export interface KlbLinkHooks {
  /** Puts bytes on the device's write queue. */
  write(bytes: Uint8Array, droppable: boolean): void;
  /** A new frame from the board; returns the ACK status for `ACK_REQ` frames. */
  deliver(frame: KlbFrame): number;
  /** A frame went unacknowledged after every repeat. */
  lost(seq: number, type: number): void;
}

interface Outgoing {
  frame: KlbFrame;
  sends: number;
  timer: unknown;
  settle: (status: number | Error) => void;
}

/**
 * KLB/1 reliability (hardware.md §3.2 rule 2), host side: sequence numbers, `ACK_REQ` frames
 * repeated with `RETX` until acknowledged (then the link is lost), at most `window` in flight,
 * ACKs for the board's frames, and duplicates (the peer's last 16 `seq`) answered with the
 * original ACK without delivering them again. Time from the injected clock only.
 */
export class KlbLink {
  private seq: number;
  private readonly inFlight = new Map<number, Outgoing>();
  private readonly waiting: Outgoing[] = [];
  private readonly seen = new Map<number, number>();
  private readonly retransmitMs: Millis;
  private readonly maxRetransmits: number;
  private readonly window: number;
  private stopped = false;
  /** Frames repeated because an ACK was late. */
  retransmits = 0;

  constructor(private readonly clock: Clock, private readonly hooks: KlbLinkHooks, o: KlbLinkOptions = {}) {
    this.retransmitMs = o.retransmitMs ?? 100;
    this.maxRetransmits = o.maxRetransmits ?? 3;
    this.window = o.window ?? 8;
    this.seq = (o.firstSeq ?? 0) & 0xffff;
  }

  /** The `seq` the next new frame gets. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Sends without asking for an ACK; returns the frame's `seq`. */
  send(ch: number, msg: HostMessage, droppable = false): number {
    const frame = this.frame(ch, msg, 0);
    if (!this.stopped) this.hooks.write(toWire(frame), droppable);
    return frame.seq;
  }

  /**
   * Sends with `ACK_REQ`; resolves with the ACK's status (0 OK, else the board's error code)
   * and rejects with `stopError` when the link stops first. `onSeq` learns the frame's `seq`.
   */
  request(ch: number, msg: HostMessage, stopError: () => Error, onSeq?: (seq: number) => void): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (this.stopped) return reject(stopError());
      const out: Outgoing = {
        frame: this.frame(ch, msg, FLAG_ACK_REQ), sends: 0, timer: undefined,
        settle: (s) => (typeof s === 'number' ? resolve(s) : reject(s)),
      };
      onSeq?.(out.frame.seq);
      this.waiting.push(out);
      this.pump();
    });
  }

  /** A frame from the board, in arrival order. */
  receive(frame: KlbFrame): void {
    if (this.stopped) return;
    if (frame.type === MsgType.ACK) {
      const ackSeq = (frame.payload[0] ?? 0) | ((frame.payload[1] ?? 0) << 8);
      if (frame.payload.length >= 3) this.settle(ackSeq, frame.payload[2] ?? 0);
      return;
    }
    if (!(frame.flags & FLAG_ACK_REQ)) {
      this.hooks.deliver(frame);
      return;
    }
    const earlier = this.seen.get(frame.seq);
    if (earlier !== undefined) {
      this.ack(frame, earlier);
      return;
    }
    const status = this.hooks.deliver(frame);
    this.seen.delete(frame.seq);
    this.seen.set(frame.seq, status);
    if (this.seen.size > 16) this.seen.delete(this.seen.keys().next().value as number);
    this.ack(frame, status);
  }

  /** Settles a request early with a status (an ERROR frame naming its `seq`). */
  settle(seq: number, status: number): void {
    const out = this.inFlight.get(seq);
    if (!out) return;
    this.inFlight.delete(seq);
    this.clock.clearTimeout(out.timer);
    out.settle(status);
    this.pump();
  }

  /** Rejects everything pending with `err`; later sends are ignored. */
  stop(err: Error): void {
    this.stopped = true;
    const all = [...this.inFlight.values(), ...this.waiting.splice(0)];
    this.inFlight.clear();
    for (const out of all) {
      this.clock.clearTimeout(out.timer);
      out.settle(err);
    }
  }

  private ack(frame: KlbFrame, status: number): void {
    this.send(frame.ch, { kind: 'ack', ackSeq: frame.seq, status: status & 0xff });
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.window) {
      const out = this.waiting.shift();
      if (!out) return;
      this.inFlight.set(out.frame.seq, out);
      this.transmit(out);
    }
  }

  private transmit(out: Outgoing): void {
    const frame = out.sends === 0 ? out.frame : { ...out.frame, flags: out.frame.flags | FLAG_RETX, ts: this.ts() };
    if (out.sends > 0) this.retransmits++;
    out.sends++;
    this.hooks.write(toWire(frame), false);
    out.timer = this.clock.setTimeout(() => {
      if (this.inFlight.get(out.frame.seq) !== out) return;
      if (out.sends <= this.maxRetransmits) return this.transmit(out);
      this.hooks.lost(out.frame.seq, out.frame.type);
    }, this.retransmitMs);
  }

  private frame(ch: number, msg: HostMessage, flags: number): KlbFrame {
    const { type, payload } = encodeHostMessage(msg);
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xffff;
    return { ver: KLB_VERSION, type, seq, flags, ch, ts: this.ts(), payload };
  }

  private ts(): number {
    return Math.floor(this.clock.now()) % 0x1_0000_0000;
  }
}
