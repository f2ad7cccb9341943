import type { Clock, Millis } from '../contracts/clock.js';
import { DeviceError } from '../contracts/device.js';
import type { DeviceHealth } from '../contracts/device.js';
import type { FxoAudio, FxoCaps, FxoEvent, FxoPort } from '../contracts/fxo.js';
import type { CountryProfile } from '../contracts/profile.js';
import { toneCadence } from '../fxo/toneCadence.js';
import { TimerSet } from '../fxo/TimerSet.js';
import { dialTiming } from './dialTiming.js';
import { SimEmitter } from './SimEmitter.js';
import { SimHookQueue } from './SimHookQueue.js';
import type { SimCallerId, SimHangupBy, SimLine } from './SimLine.js';
import { SIM_AUDIO, SimLineAudio } from './SimLineAudio.js';
import type { FarEndSound } from './SimLineAudio.js';
import { SimRinger } from './SimRinger.js';

export interface SimFxoPortOptions {
  line: string;
  clock: Clock;
  profile: CountryProfile;
  id?: string;
  /** Hook acknowledgement delay. Default 20 ms. */
  ackMs?: Millis;
  /** Dial tone after a seizure. Default 300 ms. */
  dialToneMs?: Millis;
  /** How long the far end's loop break lasts on `hangupFarEnd('loopCurrent')`. Default 300 ms. */
  loopBreakMs?: Millis;
  /** Narrows the capabilities, to play a weaker device (e.g. a modem without loop-break reports). */
  caps?: Partial<FxoCaps>;
}

type Events = { ready: []; lost: [DeviceError]; event: [FxoEvent] };
type FarEnd = 'none' | 'inbound' | 'outbound' | 'connected' | 'gone';

const DIAL_CHARS = /^[0-9*#ABCD,]*$/;

/**
 * A simulated FXO port (`hardware.md` §7): the `FxoPort` contract keyline uses, plus the
 * `SimLine` script API playing the central office and the far party on the injected clock.
 * It emits only what a real driver reports (raw `ringBurst`, `polarityReversal`,
 * `loopCurrentDrop`, `tone`, …); `FxoSupervisor` makes calls out of them.
 *
 * Unplugged or lost, it MUST NOT emit events; `open()` rejects with `NOT_FOUND` until `replug()`.
 */
export class SimFxoPort implements FxoPort, SimLine {
  readonly id: string;
  readonly line: string;
  readonly caps: FxoCaps;
  private readonly clock: Clock;
  private readonly profile: CountryProfile;
  private readonly dialToneMs: Millis;
  private readonly loopBreakMs: Millis;
  private readonly emitter = new SimEmitter<Events>();
  private readonly lineTimers: TimerSet;
  private readonly hookQueue: SimHookQueue;
  private readonly ringer: SimRinger;
  private state: DeviceHealth = 'closed';
  private plugged = true;
  private hookState: 'on' | 'off' = 'on';
  private farEnd: FarEnd = 'none';
  private batteryPresent = true;
  private dialTonePresent = true;
  private dialToneOn = false;
  private busy: 'dial' | 'flash' | null = null;
  private abortBusy: ((e: DeviceError) => void) | null = null;
  private digits = '';
  private readonly flashList: Millis[] = [];
  private readonly lineAudio: SimLineAudio;

  constructor(o: SimFxoPortOptions) {
    if (!o || typeof o.line !== 'string' || o.line === '') throw new TypeError('opts.line must be a non-empty string');
    if (!o.clock) throw new TypeError('opts.clock is required');
    if (!o.profile) throw new TypeError('opts.profile is required');
    this.line = o.line;
    this.id = o.id ?? `sim:${o.line}`;
    this.clock = o.clock;
    this.profile = o.profile;
    this.dialToneMs = o.dialToneMs ?? 300;
    this.loopBreakMs = o.loopBreakMs ?? 300;
    this.lineTimers = new TimerSet(o.clock);
    this.hookQueue = new SimHookQueue(o.clock, o.ackMs ?? 20, () => this.hookState, (target) => this.applyHook(target));
    this.ringer = new SimRinger(o.clock, o.profile, (ev) => this.emit(ev), () => this.callGone());
    this.caps = {
      ring: 'edges',
      callerId: { standards: [o.profile.callerId.standard], decodedBy: 'device' },
      disconnect: ['polarity', 'loopCurrent', 'busyTone', 'silence'],
      lineVoltage: false, loopCurrent: true, polarity: true, flash: true, pulseDial: true, dtmfDetect: true,
      tones: ['dial', 'busy', 'reorder', 'silence'],
      audio: SIM_AUDIO,
      ...o.caps,
    };
    this.lineAudio = new SimLineAudio(o.clock, () => this.state === 'ready' && this.hookState === 'off');
  }

  get health(): DeviceHealth { return this.state; }
  get hook(): 'on' | 'off' { return this.hookState; }
  get dialled(): string { return this.digits; }
  get flashes(): Millis[] { return [...this.flashList]; }

  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  on(e: 'event', l: (ev: FxoEvent) => void): this;
  on(e: 'ready' | 'lost' | 'event', l: ((err: DeviceError) => void) | ((ev: FxoEvent) => void) | (() => void)): this {
    if (e !== 'ready' && e !== 'lost' && e !== 'event') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.emitter.add(e, l as (...a: unknown[]) => void);
    return this;
  }

  async open(): Promise<void> {
    if (this.state === 'ready') return;
    if (!this.plugged) throw new DeviceError('NOT_FOUND', `${this.id}: device not present`, this.id);
    this.state = 'ready';
    this.emitter.emit('ready');
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasReady = this.state === 'ready';
    const wasOff = this.hookState === 'off';
    this.dropLine(new DeviceError('INVALID_STATE', `${this.id}: closed`, this.id));
    if (wasReady && wasOff) this.emit({ t: this.clock.now(), type: 'hook', offHook: false, cause: 'command' });
    this.state = 'closed';
  }

  offHook(): Promise<void> { return this.setHook('off'); }
  onHook(): Promise<void> { return this.setHook('on'); }

  flash(ms: Millis = this.profile.flashMs): Promise<void> {
    if (!(typeof ms === 'number' && ms > 0 && Number.isFinite(ms))) throw new RangeError(`flash: ms must be a positive number, got ${String(ms)}`);
    const refused = this.refuseControl() ?? (this.busy ? this.err('BUSY', `${this.busy} in progress`) : null);
    if (refused) return Promise.reject(refused);
    this.flashList.push(ms);
    return this.runBusy('flash', ms, () => this.emit({ t: this.clock.now(), type: 'hook', offHook: true, cause: 'flash' }));
  }

  dial(digits: string, opts?: { mode?: 'dtmf' | 'pulse' }): Promise<void> {
    if (typeof digits !== 'string' || !DIAL_CHARS.test(digits)) throw new RangeError(`dial: digits must match 0-9*#ABCD and ",", got ${JSON.stringify(digits)}`);
    const mode = opts?.mode ?? 'dtmf';
    if (mode !== 'dtmf' && mode !== 'pulse') throw new RangeError(`dial: opts.mode must be "dtmf" or "pulse", got ${String(mode)}`);
    if (mode === 'pulse' && !/^[0-9,]*$/.test(digits)) throw new RangeError(`dial: digits ${JSON.stringify(digits)} cannot be pulse dialled`);
    const refused = this.refuseControl() ?? (this.busy ? this.err('BUSY', `${this.busy} in progress`) : null);
    if (refused) return Promise.reject(refused);
    const plan = dialTiming(digits, mode, this.profile);
    const first = plan.digits[0];
    if (first) this.lineTimers.after(first.startMs, () => this.dialToneOff());
    for (const d of plan.digits) this.lineTimers.after(d.endMs, () => { this.digits += d.digit; });
    if (this.farEnd === 'none' && plan.digits.length > 0) this.farEnd = 'outbound';
    return this.runBusy('dial', plan.totalMs, () => undefined);
  }

  audio(): FxoAudio | null { return this.caps.audio ? this.lineAudio.streams : null; }

  // ---- SimLine: the central office and the far party ----

  ring(o: { cadence?: string; bursts?: number; callerId?: SimCallerId } = {}): void {
    if (this.hookState === 'off') throw new Error('ring: the line is off-hook');
    if (this.ringer.active) throw new Error('ring: the line is already ringing');
    const cadences = this.profile.ring.cadencesMs;
    const name = o.cadence ?? ('normal' in cadences ? 'normal' : Object.keys(cadences)[0]);
    const cadence = name === undefined ? undefined : cadences[name];
    if (!cadence) throw new RangeError(`ring: cadence ${JSON.stringify(o.cadence)} is not in profile ${this.profile.country}`);
    if (o.bursts !== undefined && !(Number.isInteger(o.bursts) && o.bursts > 0)) throw new RangeError(`ring: bursts must be a positive integer, got ${String(o.bursts)}`);
    this.farEnd = 'inbound';
    this.ringer.start(cadence, o.bursts, o.callerId);
  }

  stopRinging(): void {
    if (!this.ringer.active) return;
    this.ringer.stop();
    this.callGone();
  }

  answerFarEnd(): void {
    if (this.hookState !== 'off') throw new Error('answerFarEnd: the line is on-hook');
    this.farEnd = 'connected';
  }

  hangupFarEnd(by: SimHangupBy): void {
    if (!['polarity', 'loopCurrent', 'busyTone', 'silence'].includes(by)) throw new RangeError(`hangupFarEnd: unknown by "${String(by)}"`);
    if (this.ringer.active) return this.stopRinging();
    if (this.hookState !== 'off') throw new Error('hangupFarEnd: no call on the line');
    this.farEnd = 'gone';
    const t = this.clock.now();
    if (by === 'polarity') this.emit({ t, type: 'polarityReversal' });
    else if (by === 'loopCurrent') this.lineTimers.after(this.loopBreakMs, () => this.emit({ t: this.clock.now(), type: 'loopCurrentDrop', ms: this.loopBreakMs }));
    else if (by === 'silence') this.emit({ t, type: 'tone', tone: 'silence', on: true });
    else this.playBusy();
  }

  playFarEnd(sound: FarEndSound): void {
    this.lineAudio.play(sound);
  }

  heard(): Int16Array {
    return this.lineAudio.heard();
  }

  clearHeard(): void {
    this.lineAudio.clearHeard();
  }

  sendDtmf(digits: string): void {
    if (typeof digits !== 'string' || !/^[0-9*#ABCD]+$/.test(digits)) throw new RangeError(`sendDtmf: digits must match 0-9*#ABCD, got ${JSON.stringify(digits)}`);
    if (this.hookState !== 'off') throw new Error('sendDtmf: the line is on-hook');
    for (const d of dialTiming(digits, 'dtmf', this.profile).digits) {
      this.lineTimers.after(d.endMs, () => this.emit({ t: this.clock.now(), type: 'dtmf', digit: d.digit, ms: d.endMs - d.startMs }));
    }
  }

  battery(present: boolean): void {
    if (typeof present !== 'boolean') throw new TypeError('battery: present must be a boolean');
    if (present === this.batteryPresent) return;
    this.batteryPresent = present;
    if (!present) {
      this.stopRinging();
      this.dialToneOff();
    }
    this.emit({ t: this.clock.now(), type: 'battery', present });
  }

  setDialTone(present: boolean): void {
    if (typeof present !== 'boolean') throw new TypeError('setDialTone: present must be a boolean');
    this.dialTonePresent = present;
    if (!present) this.dialToneOff();
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    if (this.state !== 'ready') return;
    const err = new DeviceError('DISCONNECTED', `${this.id}: device unplugged`, this.id);
    this.dropLine(err);
    this.state = 'lost';
    this.emitter.emit('lost', err);
  }

  replug(): void {
    this.plugged = true;
  }

  // ---- internals ----

  private setHook(target: 'on' | 'off'): Promise<void> {
    if (target === 'on' && this.state !== 'ready') return Promise.resolve();
    const refused = this.refuseDevice() ?? (target === 'off' && !this.batteryPresent ? this.err('HW_FAULT', 'no line battery') : null);
    if (refused) return Promise.reject(refused);
    return this.hookQueue.request(target) ?? Promise.resolve();
  }

  private applyHook(target: 'on' | 'off'): void {
    const t = this.clock.now();
    if (target === 'off') {
      const answering = this.ringer.active;
      if (answering) this.ringer.stop();
      this.hookState = 'off';
      if (this.caps.audio) this.lineAudio.start();
      this.emit({ t, type: 'hook', offHook: true, cause: 'command' });
      if (answering) this.farEnd = 'connected';
      else if (this.dialTonePresent) this.lineTimers.after(this.dialToneMs, () => this.dialToneOnNow());
      return;
    }
    this.abortBusy?.(this.err('INVALID_STATE', 'line went on-hook'));
    this.lineTimers.clear();
    this.dialToneOff();
    this.lineAudio.stop();
    this.hookState = 'on';
    this.farEnd = 'none';
    this.emit({ t, type: 'hook', offHook: false, cause: 'command' });
  }

  private runBusy(kind: 'dial' | 'flash', ms: Millis, done: () => void): Promise<void> {
    this.busy = kind;
    return new Promise<void>((resolve, reject) => {
      const handle = this.lineTimers.after(ms, () => {
        this.busy = null;
        this.abortBusy = null;
        done();
        resolve();
      });
      this.abortBusy = (e) => {
        this.lineTimers.cancel(handle);
        this.busy = null;
        this.abortBusy = null;
        reject(e);
      };
    });
  }

  private playBusy(): void {
    const segments = toneCadence(this.profile.tones.busy);
    const t = this.clock.now();
    this.emit({ t, type: 'tone', tone: 'busy', on: true });
    if (!segments) return;
    const onMs = segments.find((s) => s.on)?.ms ?? 500;
    const period = segments.reduce((sum, s) => sum + s.ms, 0);
    this.lineTimers.after(onMs, () => this.emit({ t: this.clock.now(), type: 'tone', tone: 'busy', on: false }));
    this.lineTimers.after(period, () => this.playBusy());
  }

  private dialToneOnNow(): void {
    if (this.dialToneOn || !this.dialTonePresent || !this.batteryPresent || this.hookState !== 'off') return;
    if (this.busy === 'dial' || this.farEnd !== 'none') return;
    this.dialToneOn = true;
    this.emit({ t: this.clock.now(), type: 'tone', tone: 'dial', on: true });
  }

  private dialToneOff(): void {
    if (!this.dialToneOn) return;
    this.dialToneOn = false;
    this.emit({ t: this.clock.now(), type: 'tone', tone: 'dial', on: false });
  }

  private callGone(): void {
    if (this.hookState === 'on') this.farEnd = 'none';
  }

  /** The device goes away or closes: everything stops, the line drops, pending controls fail. */
  private dropLine(err: DeviceError): void {
    this.ringer.stop();
    this.abortBusy?.(err);
    this.lineTimers.clear();
    this.hookQueue.fail(err);
    this.dialToneOn = false;
    this.lineAudio.stop();
    this.hookState = 'on';
    this.farEnd = 'none';
  }

  private refuseDevice(): DeviceError | null {
    if (this.state === 'ready') return null;
    return this.state === 'lost' ? this.err('DISCONNECTED', 'device lost') : this.err('INVALID_STATE', 'port is not open');
  }

  private refuseControl(): DeviceError | null {
    return this.refuseDevice() ?? (this.hookState !== 'off' ? this.err('INVALID_STATE', 'line is on-hook') : null);
  }

  private err(code: DeviceError['code'], msg: string): DeviceError {
    return new DeviceError(code, `${this.id}: ${msg}`, this.id);
  }

  private emit(ev: FxoEvent): void {
    if (this.state === 'ready') this.emitter.emit('event', ev);
  }
}
