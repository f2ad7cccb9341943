import { CH_BOARD } from '../../codecs/klb/constants.js';
import type { Clock, Millis } from '../../contracts/clock.js';
import type { BoardClock } from './BoardClock.js';
import type { KlbLink } from './KlbLink.js';

/**
 * The host side of the KLB/1 keepalive (hardware.md §3.2 rules 3, 4): a PING every
 * `keepaliveMs`/3 keeps the board's fail-safe from putting lines on-hook; each PONG is a clock
 * sample. Hearing no valid frame for `keepaliveMs` while three PINGs in a row went unanswered
 * calls `silent` (so a dead board is given up after about `keepaliveMs` + `keepaliveMs`/3, and
 * two PONGs lost to line noise do not end the link).
 */
export class Keepalive {
  private timer: unknown;
  private lastHeard: Millis;
  private ping: { nonce: number; sentAt: Millis } | null = null;
  private stopped = false;
  /** PINGs in a row that got no PONG. */
  private missed = 0;

  constructor(
    private readonly clock: Clock,
    private readonly link: KlbLink,
    private readonly keepaliveMs: Millis,
    private readonly boardClock: BoardClock,
    private readonly nonce: () => number,
    private readonly silent: (ms: Millis) => void,
  ) {
    this.lastHeard = clock.now();
  }

  start(): void {
    this.arm();
  }

  /** A valid frame arrived. */
  heard(): void {
    this.lastHeard = this.clock.now();
  }

  onPong(nonce: number, ts: number): void {
    if (!this.ping || this.ping.nonce !== nonce) return;
    this.boardClock.sample(this.ping.sentAt, ts);
    this.ping = null;
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(1, Math.floor(this.keepaliveMs / 3)));
  }

  private tick(): void {
    if (this.stopped) return;
    const quiet = this.clock.now() - this.lastHeard;
    this.missed = this.ping ? this.missed + 1 : 0;
    if (quiet >= this.keepaliveMs && this.missed >= 3) {
      this.silent(quiet);
      return;
    }
    const nonce = this.nonce() >>> 0;
    this.ping = { nonce, sentAt: this.clock.now() };
    this.link.send(CH_BOARD, { kind: 'ping', nonce });
    this.arm();
  }
}
