import { SerialPortMock } from 'serialport';
import { encodeBoardMessage } from '../../../hal/codecs/klb/boardMessages.js';
import type { BoardMessage } from '../../../hal/codecs/klb/boardMessages.js';
import { CH_BOARD, FLAG_ACK_REQ, FLAG_RETX, HookCause, KlbStatus } from '../../../hal/codecs/klb/constants.js';
import { decodeHostMessage } from '../../../hal/codecs/klb/hostMessages.js';
import type { HostMessage } from '../../../hal/codecs/klb/hostMessages.js';
import { KlbDecoder } from '../../../hal/codecs/klb/KlbDecoder.js';
import type { KlbFrame } from '../../../hal/codecs/klb/KlbFrame.js';
import { encodeFrame } from '../../../hal/codecs/klb/KlbFrame.js';
import { slipEncode } from '../../../hal/codecs/klb/slipEncode.js';
import type { Clock, Millis } from '../../../hal/contracts/clock.js';
import type { SerialOpener } from '../../../hal/drivers/mcu/McuSerial.js';

type MockPortBinding = NonNullable<SerialPortMock['port']>;

export interface FakeMcuOptions {
  clock: Clock;
  path?: string;
  channels?: number;
  caps?: number;
  /** Versions the firmware speaks. Default 1..1. */
  versions?: [number, number];
  bootId?: number;
  name?: string;
  /** Board clock at power-on (to test u32 wrap-around). Default 0. */
  tsAtBoot?: number;
}

interface FakeChannel {
  configured: boolean;
  off: boolean;
  audio: boolean;
  dialled: string;
  flashes: Millis[];
  txAudio: Uint8Array[];
}

/**
 * A `mcu-si3050` board speaking KLB/1 through the same codec, on serialport's mock binding
 * (hardware.md §8): answers the handshake, acknowledges and carries out commands on the
 * injected clock, goes on-hook by itself when the host falls silent, and lets a test inject
 * line events, faults (lost ACKs, CRC errors, garbage, reboot, unplug) and read what the host did.
 */
export class FakeMcuBoard {
  readonly path: string;
  readonly channels: FakeChannel[];
  /** Every host message the board acted on, in order. */
  readonly received: Array<{ ch: number; msg: HostMessage; retx: boolean }> = [];
  /** `seq`s of the board's ACK_REQ frames the host acknowledged. */
  readonly acked = new Map<number, number>();
  present = true;
  /** Drop (do not process or ACK) this many upcoming ACK_REQ host frames. */
  dropAckReq = 0;
  /** A hung firmware: ignores every host frame and repeats nothing; still holds the line state. */
  deaf = false;
  /** Repeat unacknowledged ACK_REQ frames as firmware does (off: a frame lost stays lost). */
  retransmit = true;
  /** Flip a bit in this many upcoming board frames. */
  corruptNext = 0;
  bootId: number;
  private readonly clock: Clock;
  private readonly opts: Required<Omit<FakeMcuOptions, 'clock' | 'path'>>;
  private stream: SerialPortMock | null = null;
  private out: ((bytes: Uint8Array) => void) | null = null;
  private decoder = new KlbDecoder();
  private seq = 0;
  private bootAt: Millis;
  private lastHeard: Millis;
  private keepaliveMs = 0;
  private failsafeTimer: unknown;
  private readonly seen = new Map<number, number>();
  /** Sent right after the ACK of the frame being handled (HOOK_STATE follows the HOOK's ACK). */
  private afterAck: (() => void) | null = null;

  constructor(o: FakeMcuOptions) {
    this.clock = o.clock;
    this.path = o.path ?? `/dev/fake-mcu-${Math.random().toString(36).slice(2)}`;
    this.opts = { channels: o.channels ?? 4, caps: o.caps ?? 0x3ff, versions: o.versions ?? [1, 1], bootId: o.bootId ?? 0x1234, name: o.name ?? 'FAKE-DAA4', tsAtBoot: o.tsAtBoot ?? 0 };
    this.bootId = this.opts.bootId;
    this.bootAt = o.clock.now();
    this.lastHeard = o.clock.now();
    this.channels = Array.from({ length: this.opts.channels }, () => ({ configured: false, off: false, audio: false, dialled: '', flashes: [], txAudio: [] }));
    SerialPortMock.binding.createPort(this.path, { echo: false, record: true });
  }

  /** The `serial` option for the driver: a mock stream this board answers on. */
  readonly opener: SerialOpener = (path, baudRate) => {
    const stream = new SerialPortMock({ path: this.present ? path : `${path}-absent`, baudRate, autoOpen: false });
    stream.on('open', () => this.attach(stream));
    return stream;
  };

  /** Host frames dropped by the board's decoder. */
  get decoderStats(): KlbDecoder['stats'] {
    return this.decoder.stats;
  }

  /** Whether the host's mock stream is open. */
  get isOpen(): boolean {
    return this.stream?.isOpen ?? false;
  }

  // ---- the line: events to the host ----

  ring(ch: number, on: boolean, ms = 0): number { return this.send(ch, { kind: 'ring', on, ms }, true); }
  polarity(ch: number, polarity = -1, volts = -48): number { return this.send(ch, { kind: 'polarity', polarity, volts }, true); }
  loop(ch: number, event: 'drop' | 'restore', ms: number, mA = 0): number { return this.send(ch, { kind: 'loop', event, ms, mA }, true); }
  line(ch: number, volts: number, mA: number, battery: boolean): number { return this.send(ch, { kind: 'line', volts, mA, battery }, true); }
  cid(ch: number, standard: number, status: number, bytes: Uint8Array): number { return this.send(ch, { kind: 'cid', standard, status, bytes }, true); }
  dtmf(ch: number, digit: string, ms: number): number { return this.send(ch, { kind: 'dtmf', digit, ms }, true); }
  tone(ch: number, tone: number, on: boolean): number { return this.send(ch, { kind: 'tone', tone, on }, true); }
  hookState(ch: number, off: boolean, cause: number): number { return this.send(ch, { kind: 'hookState', off, cause }, true); }
  audio(ch: number, aseq: number, samples: Uint8Array): number { return this.send(ch, { kind: 'audio', aseq, samples }, false); }

  log(level: number, text: string): number { return this.send(CH_BOARD, { kind: 'log', level, text }, false); }

  /** Raw bytes on the wire (line noise). */
  garbage(bytes: Uint8Array): void {
    this.out?.(bytes);
  }

  /** The board's clock now (ms since boot, u32). */
  get boardTs(): number {
    return this.ts();
  }

  /** A board frame as it is; `ts` defaults to the board clock. */
  sendFrame(f: Omit<KlbFrame, 'ts'> & { ts?: number }): void {
    this.emit({ ...f, ts: f.ts ?? this.ts() });
  }

  /** Power cycle: new bootId, channels unconfigured and on-hook, an unsolicited INFO. */
  reboot(): void {
    this.bootId = (this.bootId + 1) >>> 0;
    this.bootAt = this.clock.now();
    this.seen.clear();
    for (const c of this.channels) Object.assign(c, { configured: false, off: false, audio: false });
    this.send(CH_BOARD, this.info(0, this.opts.versions[1]), false);
  }

  /**
   * The USB cable comes out: the host's stream is disconnected and the device node is gone. The
   * board stays powered: lines it holds stay seized until its keepalive fail-safe frees them.
   */
  unplug(): void {
    this.present = false;
    const s = this.stream;
    this.stream = null;
    this.out = null;
    if (s?.isOpen) s._disconnected(new Error('device reports readiness to read but returned no data (unplugged)'));
  }

  // ---- the host's frames ----

  private attach(stream: SerialPortMock): void {
    this.stream = stream;
    const binding = stream.port as MockPortBinding;
    const hear = this.connect((bytes) => {
      if (binding.isOpen) binding.emitData(Buffer.from(bytes));
    });
    const write = binding.write.bind(binding);
    binding.write = async (buf: Buffer): Promise<void> => {
      await write(buf);
      if (this.stream === stream) hear(buf);
    };
  }

  /**
   * Speaks on any byte transport (e.g. the far end of a pty pair): `send` carries the board's
   * bytes to the host; the returned function takes the host's bytes.
   */
  connect(send: (bytes: Uint8Array) => void): (bytes: Uint8Array) => void {
    this.decoder = new KlbDecoder();
    const decoder = this.decoder;
    this.out = send;
    this.lastHeard = this.clock.now();
    return (bytes) => {
      if (this.out === send) for (const f of decoder.push(bytes)) this.onFrame(f);
    };
  }

  /** Stops answering (the far end closed). */
  disconnect(): void {
    this.out = null;
    this.clock.clearTimeout(this.failsafeTimer);
  }

  private onFrame(f: KlbFrame): void {
    if (this.deaf) return;
    this.lastHeard = this.clock.now();
    const d = decodeHostMessage(f.type, f.payload);
    if (d.ok && d.msg.kind === 'ack') {
      this.acked.set(d.msg.ackSeq, d.msg.status);
      return;
    }
    const ackReq = (f.flags & FLAG_ACK_REQ) !== 0;
    if (ackReq && this.dropAckReq > 0) {
      this.dropAckReq--;
      return;
    }
    if (ackReq && this.seen.has(f.seq)) return this.ack(f, this.seen.get(f.seq) ?? 0);
    const status = d.ok ? this.act(f.ch, d.msg, f) : d.reason === 'unknown' ? KlbStatus.UNKNOWN_TYPE : KlbStatus.BAD_LENGTH;
    if (d.ok) this.received.push({ ch: f.ch, msg: d.msg, retx: (f.flags & FLAG_RETX) !== 0 });
    if (ackReq) {
      this.seen.set(f.seq, status);
      if (this.seen.size > 16) this.seen.delete(this.seen.keys().next().value as number);
      this.ack(f, status);
    }
    this.afterAck?.();
    this.afterAck = null;
  }

  private act(ch: number, m: HostMessage, f: KlbFrame): number {
    if (m.kind === 'hello') {
      const ver = Math.min(m.maxVer, this.opts.versions[1]);
      if (ver < Math.max(m.minVer, this.opts.versions[0])) {
        this.send(CH_BOARD, { kind: 'error', code: KlbStatus.UNSUPPORTED_VERSION, refSeq: f.seq, detail: new Uint8Array() }, true);
        this.send(CH_BOARD, this.info(m.nonce, 0), false);
      } else {
        this.keepaliveMs = m.keepaliveMs;
        this.send(CH_BOARD, this.info(m.nonce, ver), false);
        this.armFailsafe();
      }
      return KlbStatus.OK;
    }
    if (m.kind === 'ping') {
      this.send(CH_BOARD, { kind: 'pong', nonce: m.nonce, bootId: this.bootId }, false);
      return KlbStatus.OK;
    }
    if (m.kind === 'getStatus') {
      const channels = this.channels.map((c) => ({ configured: c.configured, off: c.off, volts: c.off ? -8 : -48, mA: c.off ? 25 : 0, battery: true, ringing: false }));
      const d = this.decoder.stats;
      this.send(CH_BOARD, { kind: 'status', channels, crcErrors: d.crcErrors, overruns: 0, retransmits: 0 }, false);
      return KlbStatus.OK;
    }
    if (m.kind === 'reset') return KlbStatus.OK;
    const c = this.channels[ch];
    if (!c) return KlbStatus.BAD_CHANNEL;
    switch (m.kind) {
      case 'config':
        c.configured = true;
        return KlbStatus.OK;
      case 'hook':
        if (!c.configured) return KlbStatus.NOT_CONFIGURED;
        c.off = m.off;
        if (!m.off) c.audio = false;
        this.afterAck = () => this.send(ch, { kind: 'hookState', off: m.off, cause: HookCause.COMMAND }, true);
        return KlbStatus.OK;
      case 'flash':
        if (!c.off) return KlbStatus.INVALID_STATE;
        c.flashes.push(m.ms);
        this.clock.setTimeout(() => this.send(ch, { kind: 'hookState', off: true, cause: HookCause.FLASH }, true), m.ms);
        return KlbStatus.OK;
      case 'dial': {
        if (!c.off) return KlbStatus.INVALID_STATE;
        const ms = [...m.digits].reduce((s, d) => s + (d === ',' ? m.pauseMs : m.onMs + m.offMs), 0);
        this.clock.setTimeout(() => {
          if (!c.off) return;
          c.dialled += m.digits;
          this.send(ch, { kind: 'dialDone', status: 0 }, true);
        }, ms);
        return KlbStatus.OK;
      }
      case 'audioCtl':
        c.audio = m.rx || m.tx;
        return KlbStatus.OK;
      case 'audio':
        c.txAudio.push(m.samples);
        return KlbStatus.OK;
      default:
        return KlbStatus.UNKNOWN_TYPE;
    }
  }

  /**
   * §3.2 rule 3: no valid frame for keepaliveMs puts every channel on-hook (cause 2). The timer
   * runs on while the USB cable is out, as on a board that stays powered: the HOOK_STATE it
   * sends then is lost with the link. Only `disconnect()` (the test is done with it) stops it.
   */
  private armFailsafe(): void {
    this.clock.clearTimeout(this.failsafeTimer);
    if (this.keepaliveMs <= 0) return;
    const check = (): void => {
      if (this.clock.now() - this.lastHeard >= this.keepaliveMs) {
        this.channels.forEach((c, ch) => {
          if (!c.off) return;
          c.off = false;
          c.audio = false;
          this.send(ch, { kind: 'hookState', off: false, cause: HookCause.KEEPALIVE }, true);
        });
      }
      this.failsafeTimer = this.clock.setTimeout(check, 100);
    };
    this.failsafeTimer = this.clock.setTimeout(check, 100);
  }

  private info(nonce: number, ver: number): BoardMessage {
    return { kind: 'info', ver, fw: [1, 0, 0], hwRev: 1, channels: this.opts.channels, caps: this.opts.caps, bootId: this.bootId, nonce, resetCause: 0, maxPayload: 240, name: this.opts.name };
  }

  private ack(f: KlbFrame, status: number): void {
    this.send(f.ch, { kind: 'ack', ackSeq: f.seq, status }, false);
  }

  private send(ch: number, m: BoardMessage, ackReq: boolean): number {
    const { type, payload } = encodeBoardMessage(m);
    const seq = this.seq;
    this.acked.delete(seq);
    this.seq = (this.seq + 1) & 0xffff;
    const frame: KlbFrame = { ver: 1, type, seq, flags: ackReq ? FLAG_ACK_REQ : 0, ch, ts: this.ts(), payload };
    this.emit(frame);
    if (ackReq && this.retransmit) this.repeatUntilAcked(frame, 3);
    return seq;
  }

  /** §3.2 rule 2, board side: an unacknowledged ACK_REQ frame goes again every 100 ms, 3 times. */
  private repeatUntilAcked(frame: KlbFrame, left: number): void {
    this.clock.setTimeout(() => {
      if (this.acked.has(frame.seq) || left <= 0 || !this.out || this.deaf) return;
      this.emit({ ...frame, flags: frame.flags | FLAG_RETX });
      this.repeatUntilAcked(frame, left - 1);
    }, 100);
  }

  private emit(f: KlbFrame): void {
    const bytes = encodeFrame(f);
    if (this.corruptNext > 0) {
      this.corruptNext--;
      bytes[6] = (bytes[6] ?? 0) ^ 0x01;
    }
    this.out?.(slipEncode(bytes));
  }

  private ts(): number {
    return (this.opts.tsAtBoot + Math.floor(this.clock.now() - this.bootAt)) % 0x1_0000_0000;
  }
}
