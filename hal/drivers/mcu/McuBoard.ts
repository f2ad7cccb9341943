import { randomInt } from 'node:crypto';
import { decodeBoardMessage } from '../../codecs/klb/boardMessages.js';
import type { BoardMessage, KlbInfo } from '../../codecs/klb/boardMessages.js';
import { CH_BOARD, KLB_VERSION, KlbStatus, MsgType } from '../../codecs/klb/constants.js';
import type { CapName } from '../../codecs/klb/constants.js';
import type { HostMessage } from '../../codecs/klb/hostMessages.js';
import { KlbDecoder } from '../../codecs/klb/KlbDecoder.js';
import type { KlbDecoderStats } from '../../codecs/klb/KlbDecoder.js';
import type { KlbFrame } from '../../codecs/klb/KlbFrame.js';
import type { Clock, Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import type { Device, DeviceErrorCode, DeviceHealth } from '../../contracts/device.js';
import { BoardClock } from './BoardClock.js';
import { Emitter, rethrowLater } from './Emitter.js';
import { Handshake } from './Handshake.js';
import { Keepalive } from './Keepalive.js';
import { KlbLink } from './KlbLink.js';
import { ReplyWaiter } from './ReplyWaiter.js';
import { resolveDevicePath } from './resolveDevicePath.js';
import type { KlbLinkOptions } from './KlbLink.js';
import { nativeSerial, openErrorCode } from './McuSerial.js';
import type { McuSerial, SerialOpener } from './McuSerial.js';
import type { McuSettings } from './McuSettings.js';
import { statusError } from './statusError.js';
import { WriteQueue } from './WriteQueue.js';

/** What a channel's port hears from its board. */
export interface McuChannel {
  /** A message for this channel; `t` is the board's time on the host clock. */
  message(msg: BoardMessage, t: Millis): void;
  /** The board rebooted (calls on it are gone); the board re-handshakes by itself. */
  reset(err: DeviceError): void;
  /** The link is gone (unplugged, silent, refused). */
  lost(err: DeviceError): void;
}

export interface McuBoardOptions {
  settings: McuSettings;
  clock: Clock;
  /** Default: the native `serialport` binding. */
  serial?: SerialOpener;
  link?: KlbLinkOptions;
}

/** What the board file requires of the board; the handshake checks it (INFO has the rest). */
export interface McuBoardCaps {
  channels: number[];
  caps: CapName[];
}

/** The board's own view (STATUS): per channel state and its link counters. */
export type McuBoardStatus = Omit<Extract<BoardMessage, { kind: 'status' }>, 'kind'>;

export interface McuBoardStats extends KlbDecoderStats {
  retransmits: number;
  audioDropped: number;
}

/**
 * One `mcu-si3050` board on one serial port (hardware.md §3.2): owns the link, its single write
 * queue, the handshake (HELLO/INFO, CONFIG and on-hook per channel), the keepalive that keeps
 * the board's host-silence fail-safe from firing, the board-to-host clock mapping, and reboot
 * detection (a new `bootId`). Its `McuFxoPort`s share it: the first `open()` opens the serial
 * port, `release()` of the last one closes it.
 *
 * - A lost link (unplug, a silent board, an ACK missing after every repeat) tells
 *   every channel `lost` once and closes the port; the board MUST NOT reopen itself.
 * - A reboot tells every channel `reset` and handshakes again on the same port.
 */
export class McuBoard implements Device<McuBoardCaps> {
  readonly id: string;
  private readonly settings: McuSettings;
  private readonly clock: Clock;
  private readonly opener: SerialOpener;
  private readonly linkOptions: KlbLinkOptions;
  private readonly channels = new Map<number, McuChannel>();
  private readonly holders = new Set<number>();
  private readonly emitter = new Emitter<{ ready: []; lost: [DeviceError]; log: [number, string] }>(rethrowLater);
  private readonly statusReply: ReplyWaiter<McuBoardStatus>;
  private readonly boardClock: BoardClock;
  private state: DeviceHealth = 'closed';
  private serial: McuSerial | null = null;
  private queue: WriteQueue | null = null;
  private decoder = new KlbDecoder();
  private link: KlbLink | null = null;
  private handshake: Handshake | null = null;
  private keepalive: Keepalive | null = null;
  private readyOnce = false;
  private opening: Promise<void> | null = null;
  private bootId: number | null = null;
  private retransmitsBefore = 0;
  private boardInfo: KlbInfo | null = null;
  /**
   * The host's frame counter outlives each link: a board remembers the host's last 16 `seq`
   * and acknowledges a repeat without acting (§3.2 rule 2), so a session after a short unplug
   * that restarted at the old numbers would have its CONFIG and HOOK on-hook swallowed. It
   * starts at a random value, so a restarted host process is unlikely to reuse them either.
   */
  private nextSeq: number;

  constructor(o: McuBoardOptions) {
    if (!o?.settings) throw new TypeError('opts.settings is required');
    if (!o.clock) throw new TypeError('opts.clock is required');
    this.settings = o.settings;
    this.id = o.settings.id;
    this.clock = o.clock;
    this.opener = o.serial ?? nativeSerial;
    this.linkOptions = o.link ?? {};
    this.nextSeq = (this.linkOptions.firstSeq ?? randomInt(0x10000)) & 0xffff;
    this.boardClock = new BoardClock(o.clock);
    this.statusReply = new ReplyWaiter(o.clock);
  }

  get health(): DeviceHealth { return this.state; }
  get caps(): McuBoardCaps {
    return { channels: [...new Set(Object.values(this.settings.channels))].sort((a, b) => a - b), caps: [...this.settings.caps] };
  }
  /** The board's INFO from the last handshake. */
  get info(): KlbInfo | null { return this.boardInfo; }
  get stats(): McuBoardStats {
    return { ...this.decoder.stats, retransmits: this.retransmitsBefore + (this.link?.retransmits ?? 0), audioDropped: this.queue?.dropped ?? 0 };
  }

  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  /** LOG frames from the firmware: `level` as the board numbers it, then the text. */
  on(e: 'log', l: (level: number, text: string) => void): this;
  on(e: 'ready' | 'lost' | 'log', l: (() => void) | ((err: DeviceError) => void) | ((level: number, text: string) => void)): this {
    this.emitter.add(e, l as () => void);
    return this;
  }

  /** A port's channel: what it hears. One per channel. */
  attach(ch: number, channel: McuChannel): void {
    if (this.channels.has(ch)) throw new RangeError(`channel ${ch} of ${this.id} is already attached`);
    this.channels.set(ch, channel);
  }

  /**
   * Opens the board for `holder` (a channel; default the board itself). Shared: resolves at once
   * when already ready, joins an open under way.
   */
  open(holder: number = CH_BOARD): Promise<void> {
    this.holders.add(holder);
    if (this.state === 'ready') return Promise.resolve();
    if (!this.opening) {
      this.opening = this.start().finally(() => { this.opening = null; });
    }
    return this.opening;
  }

  /** `holder` no longer needs the board; the last one closes it. */
  async release(holder: number = CH_BOARD): Promise<void> {
    this.holders.delete(holder);
    if (this.holders.size === 0) await this.close();
  }

  /** Closes the link now (no events after it resolves). */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.teardown(this.err('INVALID_STATE', 'board closed'));
  }

  /** Sends with `ACK_REQ`; rejects with a `DeviceError` on a refusal or a lost link. */
  async request(ch: number, msg: HostMessage, what: string = msg.kind): Promise<void> {
    const link = this.link;
    if (!link || (this.state !== 'ready' && this.state !== 'opening')) throw this.err(this.state === 'lost' ? 'DISCONNECTED' : 'INVALID_STATE', 'board not open');
    const status = await link.request(ch, msg, () => this.err('DISCONNECTED', 'link lost'));
    if (status !== KlbStatus.OK) throw statusError(status, what, this.id);
  }

  /** Asks the board for its STATUS (GET_STATUS); rejects with `TIMEOUT` after `ms`. */
  status(ms: Millis = 500): Promise<McuBoardStatus> {
    if (this.state !== 'ready') return Promise.reject(this.err(this.state === 'lost' ? 'DISCONNECTED' : 'INVALID_STATE', 'board not open'));
    return this.statusReply.wait(ms, () => this.err('TIMEOUT', 'no STATUS'), () => this.link?.send(CH_BOARD, { kind: 'getStatus' }));
  }

  /** Sends without an ACK (audio). */
  send(ch: number, msg: HostMessage, droppable = false): void {
    if (this.state === 'ready') this.link?.send(ch, msg, droppable);
  }

  // ---- opening and handshake ----

  private async start(): Promise<void> {
    this.state = 'opening';
    this.readyOnce = false;
    let serial: McuSerial;
    try {
      serial = await this.opener(resolveDevicePath(this.settings.path, this.id), this.settings.baudRate);
      await new Promise<void>((resolve, reject) => serial.open((e) => (e ? reject(e) : resolve())));
    } catch (e) {
      this.state = 'closed';
      if (e instanceof DeviceError) throw e;
      const err = e instanceof Error ? e : new Error(String(e));
      throw this.err(openErrorCode(err), `cannot open ${this.settings.path}: ${err.message}`);
    }
    if (this.state !== 'opening') {
      serial.on('error', () => undefined);
      serial.close(() => undefined);
      throw this.err('INVALID_STATE', 'closed while opening');
    }
    this.attachSerial(serial);
    try {
      await this.runHandshake();
    } catch (e) {
      if (this.state === 'opening') {
        this.state = 'closed';
        this.teardown(e as DeviceError);
      }
      throw e;
    }
  }

  private attachSerial(serial: McuSerial): void {
    this.serial = serial;
    this.decoder = new KlbDecoder();
    this.queue = new WriteQueue((b, done) => serial.write(b, done), (e) => this.lose('DISCONNECTED', `write failed: ${e.message}`));
    this.newLink();
    // Handlers of an earlier session ignore their stream once it is no longer the board's.
    serial.on('data', (chunk) => {
      if (this.serial === serial) this.onBytes(chunk);
    });
    serial.on('close', (e) => {
      if (this.serial === serial) this.lose('DISCONNECTED', `serial port closed${e ? `: ${e.message}` : ''}`);
    });
    serial.on('error', (e) => {
      if (this.serial === serial) this.lose('DISCONNECTED', `serial port error: ${e.message}`);
    });
  }

  private newLink(): void {
    this.retransmitsBefore += this.link?.retransmits ?? 0;
    if (this.link) this.nextSeq = this.link.nextSeq;
    const queue = this.queue;
    const options: KlbLinkOptions = { ...this.linkOptions, firstSeq: this.nextSeq };
    this.link = new KlbLink(this.clock, {
      write: (bytes, droppable) => queue?.push(bytes, droppable),
      deliver: (frame) => this.onFrame(frame),
      lost: (seq, type) => this.lose('TIMEOUT', `no ACK for frame ${seq} (type 0x${type.toString(16)}) after every repeat`),
    }, options);
  }

  private async runHandshake(): Promise<void> {
    const link = this.link;
    if (!link) throw this.err('INVALID_STATE', 'no link');
    const nonce = (): number => randomInt(1, 0xffffffff);
    const hs = new Handshake({
      clock: this.clock, link, settings: this.settings, boardClock: this.boardClock, nonce,
      err: (code, msg) => this.err(code, msg),
      request: (ch, msg) => this.request(ch, msg, `handshake ${msg.kind}`),
    });
    this.handshake = hs;
    try {
      const info = await hs.run();
      this.boardInfo = info;
      this.bootId = info.bootId;
    } finally {
      if (this.handshake === hs) this.handshake = null;
    }
    if (this.state !== 'opening') throw this.err('INVALID_STATE', 'closed while opening');
    this.state = 'ready';
    this.readyOnce = true;
    this.keepalive = new Keepalive(this.clock, link, this.settings.keepaliveMs, this.boardClock, nonce,
      (ms) => this.lose('TIMEOUT', `board silent for ${ms} ms`));
    this.keepalive.start();
    this.emitter.emit('ready');
  }

  // ---- receiving ----

  private onBytes(chunk: Buffer): void {
    for (const frame of this.decoder.push(chunk)) {
      this.keepalive?.heard();
      this.link?.receive(frame);
    }
  }

  /** A new frame from the board: returns its ACK status. */
  private onFrame(frame: KlbFrame): number {
    if (frame.ver !== KLB_VERSION && frame.type !== MsgType.INFO) return KlbStatus.UNSUPPORTED_VERSION;
    const d = decodeBoardMessage(frame.type, frame.payload);
    if (!d.ok) return d.reason === 'unknown' ? KlbStatus.UNKNOWN_TYPE : KlbStatus.BAD_LENGTH;
    const msg = d.msg;
    switch (msg.kind) {
      case 'info':
        if (this.handshake?.onInfo(msg, frame.ts)) return KlbStatus.OK;
        if (this.bootId !== null && (msg.nonce === 0 || msg.bootId !== this.bootId)) this.rebooted(`board rebooted (INFO, reset cause ${msg.resetCause})`);
        return KlbStatus.OK;
      case 'pong':
        this.keepalive?.onPong(msg.nonce, frame.ts);
        if (this.bootId !== null && msg.bootId !== this.bootId) this.rebooted('board rebooted (new bootId in PONG)');
        return KlbStatus.OK;
      case 'error':
        this.handshake?.onError(msg.code, msg.refSeq);
        this.link?.settle(msg.refSeq, msg.code === 0 ? KlbStatus.HW_FAULT : msg.code);
        return KlbStatus.OK;
      case 'status': {
        const { kind: _kind, ...status } = msg;
        this.statusReply.answer(status);
        return KlbStatus.OK;
      }
      case 'log':
        this.emitter.emit('log', msg.level, msg.text);
        return KlbStatus.OK;
      case 'ack':
        return KlbStatus.OK;
      default: {
        const channel = frame.ch === CH_BOARD ? undefined : this.channels.get(frame.ch);
        if (!channel) return KlbStatus.BAD_CHANNEL;
        if (msg.kind === 'hookState') this.handshake?.onHookState(frame.ch, msg.off);
        channel.message(msg, this.boardClock.toHost(frame.ts));
        return KlbStatus.OK;
      }
    }
  }

  // ---- failures ----

  /** A new bootId: the board's calls are gone; handshake again on the same port. */
  private rebooted(why: string): void {
    if (this.state !== 'ready') return;
    const err = this.err('HW_FAULT', why);
    this.keepalive?.stop();
    this.keepalive = null;
    this.link?.stop(err);
    this.boardClock.reset();
    this.bootId = null;
    this.newLink();
    this.state = 'opening';
    // The new handshake is under way before the channels hear of the reboot, so a port that
    // opens again from its listener joins it instead of opening the serial port twice.
    const again = this.runHandshake().finally(() => { this.opening = null; });
    this.opening = again;
    again.catch((e: unknown) => {
      if (this.state === 'opening') this.lose('PROTOCOL', `handshake after reboot failed: ${(e as Error).message}`);
    });
    for (const c of this.channels.values()) c.reset(err);
  }

  /** The link is gone: every channel hears `lost` once, the port closes. */
  private lose(code: DeviceErrorCode, why: string): void {
    if (this.state === 'closed' || this.state === 'lost') return;
    const wasOpening = !this.readyOnce;
    const err = this.err(code, why);
    this.state = wasOpening ? 'closed' : 'lost';
    this.teardown(err);
    if (wasOpening) return;
    for (const c of this.channels.values()) c.lost(err);
    this.emitter.emit('lost', err);
  }

  private teardown(err: DeviceError): void {
    this.statusReply.fail(err);
    this.handshake?.stop(err);
    this.handshake = null;
    this.keepalive?.stop();
    this.keepalive = null;
    this.link?.stop(err);
    this.queue?.close();
    this.bootId = null;
    this.boardClock.reset();
    const serial = this.serial;
    this.serial = null;
    if (serial?.isOpen) serial.close(() => undefined);
  }

  private err(code: DeviceErrorCode, msg: string): DeviceError {
    return new DeviceError(code, `${this.id}: ${msg}`, this.id);
  }
}
