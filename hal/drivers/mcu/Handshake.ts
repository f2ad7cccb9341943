import type { KlbInfo } from '../../codecs/klb/boardMessages.js';
import { CapBit, CH_BOARD, KLB_VERSION, KlbStatus } from '../../codecs/klb/constants.js';
import type { CapName } from '../../codecs/klb/constants.js';
import type { HostMessage } from '../../codecs/klb/hostMessages.js';
import type { Clock, Millis } from '../../contracts/clock.js';
import type { DeviceError, DeviceErrorCode } from '../../contracts/device.js';
import type { BoardClock } from './BoardClock.js';
import type { KlbLink } from './KlbLink.js';
import type { McuSettings } from './McuSettings.js';

export interface HandshakeDeps {
  clock: Clock;
  link: KlbLink;
  settings: McuSettings;
  boardClock: BoardClock;
  nonce(): number;
  err(code: DeviceErrorCode, msg: string): DeviceError;
  request(ch: number, msg: HostMessage): Promise<void>;
  /**
   * HELLO repeats: every `retryMs`, `tries` sends in all. Default 200 ms, 10: a board that
   * resets when the port opens (DTR) gets 2 s to boot.
   */
  retryMs?: Millis;
  tries?: number;
  /**
   * Time for a channel's HOOK_STATE after its HOOK on-hook; then the HOOK goes once more (on a
   * new `seq`) before the handshake fails. Default 1000 ms.
   */
  hookReportMs?: Millis;
}

/**
 * The KLB/1 handshake (hardware.md §3.2 rule 1): `END` + HELLO until an INFO echoes the nonce,
 * a version check, channels and capabilities checked against the board file, then CONFIG and
 * HOOK on-hook for every channel the board file uses, after every (re)handshake alike. A
 * channel counts as on-hook only once the board reported it (HOOK_STATE), never from an ACK
 * alone nor from what the host believed before: a board that kept a line seized through a
 * short unplug, or that took the HOOK for a repeat of an earlier frame, is caught here. The
 * HELLO/INFO pair is the first clock sample. Rejects with `PROTOCOL` (no common version, too
 * few channels, missing caps), `TIMEOUT` (no INFO, no on-hook report) or the refusal of a
 * CONFIG or HOOK.
 */
export class Handshake {
  private pending: { nonce: number; seq: number; sentAt: Millis; resolve: (i: KlbInfo) => void; reject: (e: DeviceError) => void } | null = null;
  private timer: unknown;
  private resend: () => void = () => undefined;
  /** Channels waiting for their on-hook report, and how to tell them. */
  private readonly onHookWaits = new Map<number, (reported: boolean) => void>();

  constructor(private readonly d: HandshakeDeps) {}

  async run(): Promise<KlbInfo> {
    const info = await this.hello();
    this.check(info);
    const config: HostMessage = { kind: 'config', ...this.d.settings.config };
    const channels = [...new Set(Object.values(this.d.settings.channels))].sort((a, b) => a - b);
    await Promise.all(channels.map((ch) => this.d.request(ch, config)));
    await Promise.all(channels.map((ch) => this.confirmOnHook(ch)));
    return info;
  }

  /** A HOOK_STATE from the board (before the channel's port is ready). */
  onHookState(ch: number, off: boolean): void {
    if (!off) this.onHookWaits.get(ch)?.(true);
  }

  /** An INFO arrived; true when it answers this handshake's HELLO. */
  onInfo(info: KlbInfo, ts: number): boolean {
    const p = this.pending;
    if (!p) return false;
    if (info.nonce === 0) {
      // The board just booted (it may reset when the port opens): ask again now.
      this.resend();
      return true;
    }
    if (info.nonce !== p.nonce) return false;
    this.pending = null;
    this.d.clock.clearTimeout(this.timer);
    this.d.boardClock.sample(p.sentAt, ts);
    if (info.ver === 0) p.reject(this.d.err('PROTOCOL', `no common protocol version (host speaks ${KLB_VERSION})`));
    else p.resolve(info);
    return true;
  }

  /** An ERROR frame: UNSUPPORTED_VERSION answering the HELLO fails the handshake. */
  onError(code: number, refSeq: number): void {
    const p = this.pending;
    if (!p || code !== KlbStatus.UNSUPPORTED_VERSION || refSeq !== p.seq) return;
    this.pending = null;
    this.d.clock.clearTimeout(this.timer);
    p.reject(this.d.err('PROTOCOL', `board does not speak protocol version ${KLB_VERSION}`));
  }

  stop(err?: DeviceError): void {
    this.d.clock.clearTimeout(this.timer);
    for (const tell of [...this.onHookWaits.values()]) tell(false);
    const p = this.pending;
    this.pending = null;
    if (p) p.reject(err ?? this.d.err('INVALID_STATE', 'handshake stopped'));
  }

  private hello(): Promise<KlbInfo> {
    return new Promise<KlbInfo>((resolve, reject) => {
      const nonce = this.d.nonce() >>> 0;
      const retryMs = this.d.retryMs ?? 200;
      const tries = this.d.tries ?? 10;
      let sent = 0;
      const send = (): void => {
        if (sent >= tries) {
          this.pending = null;
          reject(this.d.err('TIMEOUT', `no INFO after ${tries} HELLOs`));
          return;
        }
        sent++;
        const hello: HostMessage = { kind: 'hello', minVer: KLB_VERSION, maxVer: KLB_VERSION, nonce, keepaliveMs: this.d.settings.keepaliveMs };
        const sentAt = this.d.clock.now();
        const seq = this.d.link.send(CH_BOARD, hello);
        this.pending = { nonce, seq, sentAt, resolve, reject };
        this.timer = this.d.clock.setTimeout(send, retryMs);
      };
      this.resend = () => {
        this.d.clock.clearTimeout(this.timer);
        send();
      };
      send();
    });
  }

  /** HOOK on-hook until the board reports the channel on-hook: two sends at most. */
  private async confirmOnHook(ch: number): Promise<void> {
    const ms = this.d.hookReportMs ?? 1000;
    for (let attempt = 0; attempt < 2; attempt++) {
      const reported = new Promise<boolean>((resolve) => {
        const timer = this.d.clock.setTimeout(() => tell(false), ms);
        const tell = (r: boolean): void => {
          this.d.clock.clearTimeout(timer);
          if (this.onHookWaits.get(ch) === tell) this.onHookWaits.delete(ch);
          resolve(r);
        };
        this.onHookWaits.set(ch, tell);
      });
      try {
        await this.d.request(ch, { kind: 'hook', off: false });
      } catch (e) {
        this.onHookWaits.get(ch)?.(false);
        throw e;
      }
      if (await reported) return;
    }
    throw this.d.err('TIMEOUT', `channel ${ch} did not report on-hook after HOOK on-hook`);
  }

  private check(info: KlbInfo): void {
    const { settings } = this.d;
    if (info.ver !== KLB_VERSION) throw this.d.err('PROTOCOL', `board chose protocol version ${info.ver}, host speaks ${KLB_VERSION}`);
    for (const [line, ch] of Object.entries(settings.channels)) {
      if (ch >= info.channels) throw this.d.err('PROTOCOL', `board "${info.name}" has ${info.channels} channel(s); the board file puts ${line} on channel ${ch}`);
    }
    const missing = settings.caps.filter((c: CapName) => !(info.caps & (1 << CapBit[c])));
    if (missing.length > 0) throw this.d.err('PROTOCOL', `board "${info.name}" lacks ${missing.join(', ')} (narrow options.caps in the board file if that is expected)`);
  }
}
