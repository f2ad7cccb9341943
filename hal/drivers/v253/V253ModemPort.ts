import { EventEmitter } from 'node:events';
import type { Clock, Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import type { DeviceHealth } from '../../contracts/device.js';
import type { FxoAudio, FxoCaps, FxoEvent, FxoPort } from '../../contracts/fxo.js';
import { LEAVE_DUPLEX } from '../../codecs/v253/dle.js';
import type { ResponseLine } from '../../codecs/v253/responseLine.js';
import type { AudioEncoding } from '../../codecs/v253/voiceSampleModes.js';
import { splitPauses, sRegisterCommand, toneDialCommand } from '../../codecs/v253/atCommands.js';
import { TimerSet } from '../../fxo/TimerSet.js';
import { initialiseModem } from './initialiseModem.js';
import { modemCaps } from './modemCaps.js';
import { ModemLink } from './ModemLink.js';
import { ModemReports } from './ModemReports.js';
import { GENERIC_PROFILE, modemProfile } from './modemProfiles.js';
import { validateModemProfile } from './ModemProfile.js';
import type { ModemProfile } from './ModemProfile.js';
import { OpQueue } from './OpQueue.js';
import { checkSerialPattern, resolveSerialPath } from './resolveSerialPath.js';
import { nativeSerialLink } from './SerialLink.js';
import type { SerialLinkFactory } from './SerialLink.js';
import { V253Audio } from './V253Audio.js';
import { VoiceData } from './VoiceData.js';

export interface V253ModemPortOptions {
  line: string;
  clock: Clock;
  /** The serial device, e.g. `/dev/serial/by-id/usb-…-if00`; one `*` in the last component is allowed. */
  path: string;
  id?: string;
  /** A profile name (`usr5637`, `conexant`, `generic-v253`) or a profile object; detected with `ATI` when absent. */
  modemProfile?: string | ModemProfile;
  /** Overrides the profile's baud rate. */
  baudRate?: number;
  /** `flash()` without a length uses this (the country profile's `flashMs`). Default 600 ms. */
  flashMs?: Millis;
  /** The transport; default the native `serialport` binding. Tests pass `SerialPortMock`. */
  transport?: SerialLinkFactory;
}

type HookTarget = 'on' | 'off';
const DIAL_CHARS = /^[0-9*#ABCD,]*$/;

/**
 * An FXO line on an AT voice modem (ITU-T V.253) over serial (hardware.md §3.1).
 *
 * - `open()` opens the serial port, detects the model (`ATI0`/`ATI3`) unless named, sends its
 *   init strings (voice mode, caller ID, `AT&D2` so that a dying process's DTR drop hangs up) and
 *   negotiates `+VSM`. The line starts on-hook.
 * - Reports raw events only: each `RING` (or `<DLE>R`) is a `ringBurst {on}` (caps.ring
 *   `ringsOnly`); caller-ID lines become one `callerId` when final (next RING, or 1 s quiet);
 *   DLE codes become `dtmf`, `tone`, `loopCurrentDrop`, `polarityReversal`.
 * - `offHook()`/`onHook()` resolve on the modem's `OK`/`VCON`, after their `hook` event; off-hook
 *   with audio it enters `AT+VTR` full duplex; `dial()`/`flash()` leave and re-enter it.
 * - On a lost link it emits `lost` once and never reopens itself. `close()` leaves voice data,
 *   hangs up (best effort), then closes the port; nothing is emitted after it resolves.
 */
export class V253ModemPort implements FxoPort {
  readonly id: string;
  readonly line: string;
  private readonly clock: Clock;
  private readonly path: string;
  private readonly named: ModemProfile | null;
  private readonly transport: SerialLinkFactory;
  private readonly baudRate: number | undefined;
  private readonly flashMs: Millis;
  private readonly events = new EventEmitter();
  private readonly timers: TimerSet;
  private readonly reports: ModemReports;
  private profile: ModemProfile;
  private capsNow: FxoCaps;
  private state: DeviceHealth = 'closed';
  private gen = 0;
  private link: ModemLink | null = null;
  private ops = new OpQueue();
  private voice: VoiceData | null = null;
  private hookState: HookTarget = 'on';
  private hookTarget: HookTarget = 'on';
  private hookPromise: Promise<void> | null = null;
  private opening: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private readonly delays = new Set<(err: Error) => void>();
  /** What the modem answered to the detection commands at the last open. */
  identity = new Map<string, string[]>();

  constructor(o: V253ModemPortOptions) {
    if (!o || typeof o.line !== 'string' || o.line === '') throw new TypeError('opts.line must be a non-empty string');
    if (!o.clock) throw new TypeError('opts.clock is required');
    if (typeof o.path !== 'string' || o.path === '') throw new TypeError('opts.path must be a non-empty string');
    checkSerialPattern(o.path, 'opts.path');
    if (o.flashMs !== undefined && !(o.flashMs > 0)) throw new RangeError(`opts.flashMs must be > 0, got ${String(o.flashMs)}`);
    this.line = o.line;
    this.id = o.id ?? `v253:${o.line}`;
    this.clock = o.clock;
    this.path = o.path;
    this.named = o.modemProfile === undefined ? null
      : typeof o.modemProfile === 'string' ? modemProfile(o.modemProfile, 'opts.modemProfile')
      : validateModemProfile(o.modemProfile, 'opts.modemProfile');
    this.transport = o.transport ?? nativeSerialLink;
    this.baudRate = o.baudRate;
    this.flashMs = o.flashMs ?? 600;
    this.timers = new TimerSet(o.clock);
    this.profile = this.named ?? modemProfile(GENERIC_PROFILE);
    this.capsNow = modemCaps(this.profile, null);
    this.reports = new ModemReports(o.clock, (ev) => this.emit(ev));
  }

  /** Until `open()` detected the model, the named (or generic) profile's; `audio` once negotiated. */
  get caps(): FxoCaps { return this.capsNow; }
  get health(): DeviceHealth { return this.state; }
  get hook(): 'on' | 'off' { return this.hookState; }
  /** The model profile in use (detected at open). */
  get modem(): ModemProfile { return this.profile; }

  on(e: 'ready', l: () => void): this;
  on(e: 'lost', l: (err: DeviceError) => void): this;
  on(e: 'event', l: (ev: FxoEvent) => void): this;
  on(e: 'ready' | 'lost' | 'event', l: ((err: DeviceError) => void) | ((ev: FxoEvent) => void) | (() => void)): this {
    if (e !== 'ready' && e !== 'lost' && e !== 'event') throw new RangeError(`on: unknown event "${String(e)}"`);
    this.events.on(e, l);
    return this;
  }

  open(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.closing) return Promise.reject(this.err('INVALID_STATE', 'closing'));
    this.opening ??= this.doOpen().finally(() => { this.opening = null; });
    return this.opening;
  }

  close(): Promise<void> {
    this.closing ??= this.doClose().finally(() => { this.closing = null; });
    return this.closing;
  }

  offHook(): Promise<void> { return this.setHook('off'); }
  onHook(): Promise<void> { return this.state === 'ready' ? this.setHook('on') : Promise.resolve(); }

  flash(ms: Millis = this.flashMs): Promise<void> {
    if (!(typeof ms === 'number' && ms > 0 && Number.isFinite(ms))) throw new RangeError(`flash: ms must be a positive number, got ${String(ms)}`);
    const refused = this.refuseControl();
    if (refused) return Promise.reject(refused);
    const f = this.profile.flash;
    if (!f) return Promise.reject(this.err('INVALID_STATE', `modem ${this.profile.name} has no hook flash (caps.flash is false)`));
    return this.ops.run(() => this.inCommandMode(async (link, gen) => {
      const timeout = this.profile.commandTimeoutMs;
      await link.command(sRegisterCommand(f.sRegister, Math.min(255, Math.max(1, Math.round(ms / f.unitMs)))), timeout);
      this.check(gen, true);
      await link.command(f.command, timeout + ms);
      this.check(gen, true);
      this.emit({ t: this.clock.now(), type: 'hook', offHook: true, cause: 'flash' });
    }));
  }

  dial(digits: string, opts?: { mode?: 'dtmf' | 'pulse' }): Promise<void> {
    if (typeof digits !== 'string' || !DIAL_CHARS.test(digits)) throw new RangeError(`dial: digits must match 0-9*#ABCD and ",", got ${JSON.stringify(digits)}`);
    const mode = opts?.mode ?? 'dtmf';
    if (mode !== 'dtmf' && mode !== 'pulse') throw new RangeError(`dial: opts.mode must be "dtmf" or "pulse", got ${String(mode)}`);
    if (mode === 'pulse') throw new RangeError('dial: opts.mode "pulse" is not supported by a v253 modem (caps.pulseDial is false)');
    const refused = this.refuseControl();
    if (refused) return Promise.reject(refused);
    return this.ops.run(() => this.inCommandMode(async (link, gen) => {
      for (const part of splitPauses(digits)) {
        if (part === ',') await this.delay(this.profile.pauseMs);
        else await link.command(toneDialCommand(part), this.profile.commandTimeoutMs + 250 * part.length);
        this.check(gen, true);
      }
    }));
  }

  audio(): FxoAudio | null {
    return this.state === 'ready' ? this.voice?.audio ?? null : null;
  }

  // ---- open, close, loss ----

  private async doOpen(): Promise<void> {
    const gen = ++this.gen;
    this.state = 'opening';
    const path = await resolveSerialPath(this.path).catch(() => null);
    if (path === null) {
      this.state = 'closed';
      throw this.err('NOT_FOUND', `no serial device matches ${this.path}`);
    }
    const base = this.named ?? this.profile;
    const transport = this.transport({ path, baudRate: this.baudRate ?? base.baudRate, rtscts: base.rtscts });
    const link = new ModemLink(transport, this.clock, this.id, path, {
      line: (l) => this.onLine(gen, l),
      dle: (code) => this.onDle(gen, code),
      audio: (bytes) => { if (gen === this.gen) this.voice?.audio?.receive(bytes); },
      lost: (err) => this.onLost(gen, err),
    });
    this.link = link;
    let encoding: AudioEncoding | null;
    try {
      await link.open();
      const init = await initialiseModem(link, this.named, base.commandTimeoutMs);
      this.check(gen, false);
      this.profile = init.profile;
      this.identity = init.identity;
      encoding = init.encoding;
    } catch (e) {
      await link.close();
      if (gen === this.gen) {
        this.link = null;
        this.state = 'closed';
      }
      throw e instanceof DeviceError ? e : this.err('PROTOCOL', `open failed: ${String(e)}`);
    }
    this.capsNow = modemCaps(this.profile, encoding);
    this.ops = new OpQueue();
    this.hookState = this.hookTarget = 'on';
    this.hookPromise = null;
    const audio = this.capsNow.audio && encoding ? new V253Audio(this.clock, encoding, VoiceData.sender(link, () => this.countDrop())) : null;
    this.voice = new VoiceData(link, audio, this.profile.audio?.duplex ?? null, this.profile.commandTimeoutMs);
    this.state = 'ready';
    this.events.emit('ready');
  }

  private async doClose(): Promise<void> {
    if (this.opening) await this.opening.catch(() => undefined);
    const link = this.link;
    const wasReady = this.state === 'ready';
    const wasOff = this.hookState === 'off';
    const closed = this.err('INVALID_STATE', 'closed');
    // Queued work fails now; the operation running finishes its command (bounded by its timeout)
    // so that the modem and the framer agree on the mode before hanging up.
    this.gen++;
    this.state = 'closed';
    this.ops.fail(closed);
    this.rejectDelays(closed);
    await this.ops.idle();
    this.teardown(closed);
    if (link && wasReady) {
      try {
        if (link.mode === 'voice') await link.endVoice(LEAVE_DUPLEX, this.profile.commandTimeoutMs).catch(() => link.resetFraming());
        await link.command(this.profile.hangup, this.profile.commandTimeoutMs);
        if (wasOff) this.events.emit('event', { t: this.clock.now(), type: 'hook', offHook: false, cause: 'command' } satisfies FxoEvent);
      } catch {
        // Best effort: the port closing drops DTR, and AT&D2 makes the modem hang up on that.
      }
    }
    this.link = null;
    await link?.close();
  }

  private onLost(gen: number, err: DeviceError): void {
    if (gen !== this.gen || this.state !== 'ready') return;
    this.gen++;
    this.teardown(err);
    this.state = 'lost';
    const link = this.link;
    this.link = null;
    void link?.close();
    this.events.emit('lost', err);
  }

  /** Stops everything in flight; the modem, closed or gone, is on-hook. */
  private teardown(err: DeviceError): void {
    this.ops.fail(err);
    this.link?.cancel(err);
    this.rejectDelays(err);
    this.timers.clear();
    this.reports.reset();
    this.voice?.end();
    this.hookState = this.hookTarget = 'on';
    this.hookPromise = null;
  }

  // ---- hook and voice data ----

  private setHook(target: HookTarget): Promise<void> {
    const refused = this.refuseDevice();
    if (refused) return Promise.reject(refused);
    if (this.hookTarget === target) return this.hookPromise ?? Promise.resolve();
    this.hookTarget = target;
    const p = this.ops.run(async () => {
      const [link, gen] = this.live();
      if (target === 'on') {
        await this.voice?.stop();
        this.check(gen, false);
      }
      await link.command(target === 'off' ? this.profile.offHook : this.profile.onHook, this.profile.commandTimeoutMs);
      this.check(gen, false);
      this.reports.hookChanged(target === 'off');
      this.hookState = target;
      this.emit({ t: this.clock.now(), type: 'hook', offHook: target === 'off', cause: 'command' });
    });
    this.hookPromise = p;
    p.catch(() => {
      if (this.hookPromise !== p) return;
      this.hookPromise = null;
      this.hookTarget = this.hookState;
    });
    if (target === 'off') this.ops.run(() => this.startVoice()).catch(() => undefined);
    return p;
  }

  /** Enters voice data when off-hook (a refusal leaves the line signalling only). */
  private async startVoice(): Promise<void> {
    if (this.hookState !== 'off') return;
    const [, gen] = this.live();
    await this.voice?.start(() => this.check(gen, true));
  }

  /** Runs AT commands during a call: leaves voice data first and re-enters it afterwards. */
  private async inCommandMode(fn: (link: ModemLink, gen: number) => Promise<void>): Promise<void> {
    const [link, gen] = this.live();
    if (this.hookState !== 'off') throw this.err('INVALID_STATE', 'line is on-hook');
    const wasStreaming = this.voice?.streaming ?? false;
    await this.voice?.stop();
    this.check(gen, true);
    try {
      await fn(link, gen);
    } finally {
      if (wasStreaming && gen === this.gen && this.hookState === 'off' && this.hookTarget === 'off') await this.startVoice().catch(() => undefined);
    }
  }

  private countDrop(): void {
    if (this.voice?.audio) this.voice.audio.dropped++;
  }

  // ---- what the modem reports ----

  private onLine(gen: number, l: ResponseLine): void {
    if (gen === this.gen && this.state === 'ready') this.reports.line(l);
  }

  private onDle(gen: number, code: number): void {
    if (gen !== this.gen || this.state !== 'ready') return;
    const endOfData = this.reports.dle(code, this.profile, this.link?.mode === 'voice');
    if (endOfData) this.voice?.endedByModem();
  }

  // ---- helpers ----

  private live(): [ModemLink, number] {
    if (this.state !== 'ready' || !this.link) throw this.refuseDevice() ?? this.err('INVALID_STATE', 'port is not open');
    return [this.link, this.gen];
  }

  /** Throws when the port was closed or lost meanwhile (or, with `offHook`, went on-hook). */
  private check(gen: number, offHook: boolean): void {
    if (gen !== this.gen) throw this.state === 'lost' ? this.err('DISCONNECTED', 'device lost') : this.err('INVALID_STATE', 'closed');
    if (offHook && this.hookState !== 'off') throw this.err('INVALID_STATE', 'line went on-hook');
  }

  private delay(ms: Millis): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => reject(err);
      this.delays.add(fail);
      this.timers.after(ms, () => {
        this.delays.delete(fail);
        resolve();
      });
    });
  }

  private rejectDelays(err: Error): void {
    for (const reject of [...this.delays]) reject(err);
    this.delays.clear();
  }

  private refuseDevice(): DeviceError | null {
    if (this.state === 'ready') return null;
    return this.state === 'lost' ? this.err('DISCONNECTED', 'device lost') : this.err('INVALID_STATE', 'port is not open');
  }

  private refuseControl(): DeviceError | null {
    return this.refuseDevice() ?? (this.hookState !== 'off' || this.hookTarget !== 'off' ? this.err('INVALID_STATE', 'line is on-hook') : null);
  }

  private err(code: DeviceError['code'], msg: string): DeviceError {
    return new DeviceError(code, `${this.id}: ${msg}`, this.id);
  }

  private emit(ev: FxoEvent): void {
    if (this.state === 'ready') this.events.emit('event', ev);
  }
}
