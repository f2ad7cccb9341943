import type { BoardMessage } from '../../codecs/klb/boardMessages.js';
import { DialStatus, HookCause } from '../../codecs/klb/constants.js';
import { CidCode, CidStatus, parseCallerId } from '../../codecs/klb/parseCallerId.js';
import { toneFromCode } from '../../codecs/klb/toneCode.js';
import type { Clock, Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import type { DeviceErrorCode, DeviceHealth } from '../../contracts/device.js';
import type { CidStandard, FxoAudio, FxoCaps, FxoEvent, FxoPort } from '../../contracts/fxo.js';
import { Emitter } from './Emitter.js';
import { McuAudio } from './McuAudio.js';
import type { McuBoard, McuChannel } from './McuBoard.js';
import { mcuCaps } from './mcuCaps.js';
import type { McuSettings } from './McuSettings.js';
import { PortOps } from './PortOps.js';

export interface McuFxoPortOptions {
  board: McuBoard;
  settings: McuSettings;
  clock: Clock;
  line: string;
  channel: number;
  /** Time for the board to report a hook change after the ACK. Default 2000 ms. */
  hookTimeoutMs?: Millis;
}

type Events = { ready: []; lost: [DeviceError]; event: [FxoEvent] };
const DIAL_CHARS = /^[0-9*#ABCD,]*$/;

/**
 * One line of an `mcu-si3050` board (hardware.md §3.2) behind the `FxoPort` contract. Reports
 * what the board reports (ring edges, polarity, loop-current drops, line samples, battery,
 * caller ID, DTMF, tones, hook), timestamped with the board's clock mapped to the host's; it
 * decides nothing about calls. Controls resolve when the board acknowledged and reported.
 *
 * - Starts on-hook; `close()` puts the line on-hook first; the board's own fail-safe puts it
 *   on-hook when the host falls silent.
 * - `lost` at most once per successful `open()`; it MUST NOT reopen itself (the supervisor does).
 *   A board reboot during a call reports `hook {offHook: false, cause: 'failsafe'}`, then `lost`.
 */
export class McuFxoPort implements FxoPort {
  readonly id: string;
  readonly line: string;
  readonly caps: FxoCaps;
  readonly channel: number;
  /** The board this line is on (shared with its other lines): INFO and link counters. */
  readonly board: McuBoard;
  private readonly settings: McuSettings;
  private readonly clock: Clock;
  private readonly emitter = new Emitter<Events>();
  private readonly ops: PortOps;
  private state: DeviceHealth = 'closed';
  private hookState: 'on' | 'off' = 'on';
  /**
   * Whether the board reported this channel's hook since the port (re)opened. Until it has, the
   * port reports on-hook (the handshake's HOOK on-hook) but its controls do not rely on it: an
   * `onHook()` or `close()` sends the command anyway, whatever the link went through before.
   */
  private hookReported = false;
  private battery = true;
  private audioPair: McuAudio | null = null;
  /** Caller-ID records dropped for a bad checksum or no usable field. */
  callerIdDropped = 0;

  constructor(o: McuFxoPortOptions) {
    if (!o?.board) throw new TypeError('opts.board is required');
    if (typeof o.line !== 'string' || o.line === '') throw new TypeError('opts.line must be a non-empty string');
    if (!(Number.isInteger(o.channel) && o.channel >= 0 && o.channel < 0xff)) throw new RangeError(`opts.channel must be 0..254, got ${String(o.channel)}`);
    this.board = o.board;
    this.settings = o.settings;
    this.clock = o.clock;
    this.line = o.line;
    this.channel = o.channel;
    this.id = `${o.board.id}:${o.channel}`;
    this.caps = mcuCaps(o.settings);
    this.ops = new PortOps({
      clock: o.clock, id: this.id, hookTimeoutMs: o.hookTimeoutMs ?? 2000,
      request: (msg) => this.board.request(this.channel, msg),
      hook: () => (this.hookReported ? this.hookState : 'unknown'),
    });
    const channel: McuChannel = {
      message: (msg, t) => this.onMessage(msg, t),
      reset: (err) => this.onReset(err),
      lost: (err) => this.onLost(err),
    };
    o.board.attach(o.channel, channel);
  }

  get health(): DeviceHealth { return this.state; }
  get hook(): 'on' | 'off' { return this.hookState; }

  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  on(e: 'event', l: (ev: FxoEvent) => void): this;
  on(e: 'ready' | 'lost' | 'event', l: (() => void) | ((err: DeviceError) => void) | ((ev: FxoEvent) => void)): this {
    if (e !== 'ready' && e !== 'lost' && e !== 'event') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.emitter.add(e, l as () => void);
    return this;
  }

  async open(): Promise<void> {
    if (this.state === 'ready') return;
    this.state = 'opening';
    try {
      await this.board.open(this.channel);
    } catch (e) {
      if (this.state === 'opening') this.state = 'closed';
      throw e;
    }
    if (this.state !== 'opening') throw this.err('INVALID_STATE', 'closed while opening');
    this.state = 'ready';
    this.hookState = 'on';
    this.hookReported = false;
    this.battery = true;
    this.emitter.emit('ready');
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state === 'ready' && (this.hookState === 'off' || !this.hookReported || this.ops.hookPending)) {
      await this.setHook('on').catch(() => undefined);
    }
    this.stop(this.err('INVALID_STATE', 'port closed'));
    this.state = 'closed';
    await this.board.release(this.channel);
  }

  offHook(): Promise<void> { return this.setHook('off'); }
  onHook(): Promise<void> { return this.setHook('on'); }

  flash(ms: Millis = this.settings.flashMs): Promise<void> {
    if (!(typeof ms === 'number' && Number.isInteger(ms) && ms > 0 && ms <= 0xffff)) throw new RangeError(`flash: ms must be an integer in 1..65535, got ${String(ms)}`);
    const refused = this.refuse() ?? (this.hookState !== 'off' ? this.err('INVALID_STATE', 'line is on-hook') : null);
    if (refused) return Promise.reject(refused);
    return this.ops.flash(ms);
  }

  dial(digits: string, opts?: { mode?: 'dtmf' | 'pulse' }): Promise<void> {
    if (typeof digits !== 'string' || !DIAL_CHARS.test(digits)) throw new RangeError(`dial: digits must match 0-9*#ABCD and ",", got ${JSON.stringify(digits)}`);
    const mode = opts?.mode ?? 'dtmf';
    if (mode !== 'dtmf' && mode !== 'pulse') throw new RangeError(`dial: opts.mode must be "dtmf" or "pulse", got ${String(mode)}`);
    if (mode === 'pulse' && !/^[0-9,]*$/.test(digits)) throw new RangeError(`dial: digits ${JSON.stringify(digits)} cannot be pulse dialled`);
    if (mode === 'pulse' && !this.caps.pulseDial) throw new RangeError('dial: opts.mode "pulse" is not among this port\'s caps');
    const refused = this.refuse() ?? (this.hookState !== 'off' ? this.err('INVALID_STATE', 'line is on-hook') : null);
    if (refused) return Promise.reject(refused);
    if (digits === '') return Promise.resolve();
    const s = this.settings;
    const [onMs, offMs] = mode === 'pulse' ? [s.pulse.breakMs, s.pulse.makeMs] : [s.dtmf.onMs, s.dtmf.offMs];
    const perDigit = mode === 'pulse' ? 10 * (onMs + offMs) + 1000 : onMs + offMs;
    const budget = 2000 + [...digits].reduce((sum, c) => sum + (c === ',' ? s.pauseMs : perDigit), 0);
    return this.ops.dial({ kind: 'dial', mode, onMs, offMs, pauseMs: s.pauseMs, digits }, budget);
  }

  audio(): FxoAudio | null {
    if (!this.caps.audio || this.state !== 'ready') return null;
    if (!this.audioPair) {
      this.audioPair = new McuAudio((aseq, samples) => this.board.send(this.channel, { kind: 'audio', aseq, samples }, true));
      this.board.request(this.channel, { kind: 'audioCtl', rx: true, tx: true }).catch(() => undefined);
    }
    return this.audioPair;
  }

  // ---- from the board ----

  private onMessage(msg: BoardMessage, t: Millis): void {
    if (this.state !== 'ready') return;
    switch (msg.kind) {
      case 'ring':
        return this.emit(msg.on ? { t, type: 'ringBurst', on: true } : { t, type: 'ringBurst', on: false, ms: msg.ms });
      case 'polarity':
        return this.emit({ t, type: 'polarityReversal' });
      case 'loop':
        return msg.event === 'drop' ? this.emit({ t, type: 'loopCurrentDrop', ms: msg.ms }) : this.emit({ t, type: 'line', milliamps: msg.mA });
      case 'line':
        this.emit({ t, type: 'line', volts: msg.volts, milliamps: msg.mA });
        if (msg.battery !== this.battery) {
          this.battery = msg.battery;
          this.emit({ t, type: 'battery', present: msg.battery });
        }
        return;
      case 'cid':
        return this.onCallerId(msg.standard, msg.status, msg.bytes, t);
      case 'dtmf':
        return this.emit({ t, type: 'dtmf', digit: msg.digit, ms: msg.ms });
      case 'tone': {
        const tone = toneFromCode(msg.tone);
        return tone ? this.emit({ t, type: 'tone', tone, on: msg.on }) : undefined;
      }
      case 'hookState':
        return this.onHookState(msg.off, msg.cause, t);
      case 'dialDone':
        return this.ops.dialDone(msg.status === DialStatus.OK ? null
          : this.err(msg.status === DialStatus.ABORTED ? 'INVALID_STATE' : 'PROTOCOL', msg.status === DialStatus.ABORTED ? 'dialling aborted' : 'board refused a digit'));
      case 'audio':
        this.audioPair?.receive(msg.samples);
        return;
      default:
        return;
    }
  }

  private onHookState(off: boolean, cause: number, t: Millis): void {
    const kind = cause === HookCause.COMMAND ? 'command' : cause === HookCause.FLASH ? 'flash' : 'failsafe';
    this.hookState = off ? 'off' : 'on';
    this.hookReported = true;
    if (!off) this.endAudio(true);
    this.emit({ t, type: 'hook', offHook: off, cause: kind });
    this.ops.hookReported(off, kind, this.err('INVALID_STATE', 'line went on-hook'));
  }

  private onCallerId(code: number, status: number, bytes: Uint8Array, t: Millis): void {
    const fields = status === CidStatus.CHECKSUM ? null : parseCallerId(code, bytes, status !== CidStatus.TRUNCATED);
    if (!fields) {
      this.callerIdDropped++;
      return;
    }
    this.emit({ t, type: 'callerId', standard: this.cidStandard(code), ...fields, raw: bytes });
  }

  private cidStandard(code: number): CidStandard {
    if (code === CidCode.DTMF) return 'dtmf';
    if (code === CidCode.BELL202) return 'bell202';
    return this.settings.cidStandard === 'v23-uk' ? 'v23-uk' : 'v23-etsi';
  }

  /** The board rebooted: the call is gone. */
  private onReset(err: DeviceError): void {
    if (this.state !== 'ready') return;
    if (this.hookState === 'off') this.emit({ t: this.clock.now(), type: 'hook', offHook: false, cause: 'failsafe' });
    this.onLost(err);
  }

  private onLost(err: DeviceError): void {
    if (this.state !== 'ready') return;
    this.stop(err);
    this.state = 'lost';
    this.emitter.emit('lost', err);
  }

  // ---- internals ----

  private setHook(target: 'on' | 'off'): Promise<void> {
    if (target === 'on' && this.state !== 'ready') return Promise.resolve();
    const refused = this.refuse();
    if (refused) return Promise.reject(refused);
    return this.ops.hook(target);
  }

  private stop(err: DeviceError): void {
    this.ops.failAll(err);
    this.hookState = 'on';
    this.hookReported = false;
    this.endAudio();
  }

  /** Ends the audio streams; `tellBoard` also stops the board's (the line is still ours). */
  private endAudio(tellBoard = false): void {
    if (!this.audioPair) return;
    this.audioPair.end();
    this.audioPair = null;
    if (tellBoard && this.state === 'ready') this.board.request(this.channel, { kind: 'audioCtl', rx: false, tx: false }).catch(() => undefined);
  }

  private refuse(): DeviceError | null {
    if (this.state === 'ready') return null;
    return this.state === 'lost' ? this.err('DISCONNECTED', 'device lost') : this.err('INVALID_STATE', 'port is not open');
  }

  private err(code: DeviceErrorCode, msg: string): DeviceError {
    return new DeviceError(code, `${this.id}: ${msg}`, this.id);
  }

  private emit(ev: FxoEvent): void {
    if (this.state === 'ready') this.emitter.emit('event', ev);
  }
}
