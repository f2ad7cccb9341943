import type { Clock, Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import { isCallerIdTag } from '../../codecs/v253/callerIdLines.js';
import { ETX } from '../../codecs/v253/dle.js';
import { parseResponseLine } from '../../codecs/v253/responseLine.js';
import type { FinalCode, ResponseLine } from '../../codecs/v253/responseLine.js';
import { V253Framer } from '../../codecs/v253/V253Framer.js';
import { TimerSet } from '../../fxo/TimerSet.js';
import { openLink } from './SerialLink.js';
import type { SerialLink } from './SerialLink.js';
import { WriteQueue } from './WriteQueue.js';

/** What the modem said that no command was waiting for, plus voice data and DLE events. */
export interface ModemLinkHandlers {
  line(l: ResponseLine): void;
  dle(code: number): void;
  audio(bytes: Uint8Array): void;
  /** The transport went away (unplugged, I/O error); called at most once. */
  lost(err: DeviceError): void;
}

export interface CommandResult {
  final: FinalCode;
  /** The command's information lines (ATI answers, `+VSM` lists). */
  lines: string[];
}

interface Waiter {
  what: string;
  lines: string[];
  /** Waiting for `<DLE><ETX>` first (leaving voice data), then a final code. */
  needEtx: boolean;
  ok: ReadonlySet<FinalCode>;
  settle(err: DeviceError | null, r?: CommandResult): void;
}

const SUCCESS: ReadonlySet<FinalCode> = new Set(['OK', 'VCON']);
const VOICE_START: ReadonlySet<FinalCode> = new Set(['CONNECT']);

/**
 * One modem's serial link: the framer (both modes), the single write queue, and one AT command
 * or voice-data end awaited at a time, timed out on the injected clock. Lines nobody waits for
 * (RING, caller ID, DRON/DROF, stray finals) go to the handlers, as do DLE events and audio.
 * It never reopens: after `lost` or `close()` it is spent.
 */
export class ModemLink {
  private readonly framer = new V253Framer();
  private readonly queue: WriteQueue;
  private readonly timers: TimerSet;
  private waiter: Waiter | null = null;
  private state: 'new' | 'open' | 'closing' | 'gone' = 'new';

  constructor(
    private readonly link: SerialLink,
    clock: Clock,
    private readonly device: string,
    private readonly path: string,
    private readonly h: ModemLinkHandlers,
  ) {
    this.timers = new TimerSet(clock);
    this.queue = new WriteQueue((buf, done) => {
      if (!this.link.isOpen) return done(new Error('port is not open'));
      this.link.write(buf, done);
    });
  }

  get mode(): 'command' | 'voice' {
    return this.framer.mode;
  }

  /** Writes waiting in the queue or in flight (audio is dropped rather than queued deep). */
  get queuedWrites(): number {
    return this.queue.pending;
  }

  async open(): Promise<void> {
    this.link.on('data', (chunk) => this.onData(chunk));
    this.link.on('close', (err) => this.onTransportGone(err ?? null));
    this.link.on('error', (err) => this.onTransportGone(err));
    this.link.on('end', () => this.onTransportGone(new Error('end of input')));
    await openLink(this.link, this.device, this.path);
    this.state = 'open';
  }

  /**
   * Sends `cmd` + CR and resolves with its final code (`OK`/`VCON`; `CONNECT` with `voice`, which
   * starts voice data); `ERROR` and the like reject with `PROTOCOL`.
   */
  command(cmd: string, timeoutMs: Millis, opts: { voice?: boolean } = {}): Promise<CommandResult> {
    if (opts.voice) this.framer.armVoice();
    const p = this.wait(cmd, timeoutMs, false, opts.voice ? VOICE_START : SUCCESS);
    this.send(Buffer.from(`${cmd}\r`, 'latin1')).catch(() => undefined);
    return p;
  }

  /** Sends `bytes` (a DLE sequence leaving voice data) and waits for `<DLE><ETX>` and the final code. */
  endVoice(bytes: Uint8Array, timeoutMs: Millis): Promise<CommandResult> {
    const p = this.wait('end of voice data', timeoutMs, true, new Set(['OK', 'VCON']));
    this.send(bytes).catch(() => undefined);
    return p;
  }

  /** Raw bytes (audio, DLE sequences) through the write queue. */
  send(bytes: Uint8Array): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.err('DISCONNECTED', 'link is not open'));
    return this.queue.push(bytes);
  }

  /** Forgets a half-read line or voice stream (after a timed-out end of voice data). */
  resetFraming(): void {
    this.framer.reset();
  }

  /** Rejects what is being waited for (close, device lost). */
  cancel(err: DeviceError): void {
    this.waiter?.settle(err);
  }

  /** Closes the transport; no handler runs afterwards. */
  close(): Promise<void> {
    if (this.state === 'gone' || this.state === 'closing') return Promise.resolve();
    const wasOpen = this.state === 'open';
    this.state = 'closing';
    const err = this.err('INVALID_STATE', 'closed');
    this.cancel(err);
    this.queue.fail(err);
    this.timers.clear();
    return new Promise((resolve) => {
      const done = (): void => {
        this.state = 'gone';
        this.link.removeAllListeners();
        this.link.on('error', () => undefined);
        resolve();
      };
      if (wasOpen && this.link.isOpen) this.link.close(() => done());
      else done();
    });
  }

  private wait(what: string, timeoutMs: Millis, needEtx: boolean, ok: ReadonlySet<FinalCode>): Promise<CommandResult> {
    if (this.state !== 'open') return Promise.reject(this.err('DISCONNECTED', 'link is not open'));
    if (this.waiter) return Promise.reject(this.err('INVALID_STATE', `${what} while ${this.waiter.what} is pending`));
    return new Promise<CommandResult>((resolve, reject) => {
      const timer = this.timers.after(timeoutMs, () => w.settle(this.err('TIMEOUT', `${what}: no answer in ${timeoutMs} ms`)));
      const w: Waiter = {
        what, lines: [], needEtx, ok,
        settle: (err, r) => {
          if (this.waiter !== w) return;
          this.waiter = null;
          this.timers.cancel(timer);
          if (err) reject(err);
          else if (r) resolve(r);
        },
      };
      this.waiter = w;
    });
  }

  private onData(chunk: Buffer): void {
    if (this.state !== 'open') return;
    for (const item of this.framer.push(chunk)) {
      if (this.state !== 'open') return;
      if (item.kind === 'audio') this.h.audio(item.bytes);
      else if (item.kind === 'dle') {
        if (item.code === ETX && this.waiter?.needEtx) this.waiter.needEtx = false;
        this.h.dle(item.code);
      } else this.onLine(parseResponseLine(item.text), item.text);
    }
  }

  private onLine(l: ResponseLine, text: string): void {
    const w = this.waiter;
    if (l.kind === 'echo') return;
    if (w && !w.needEtx) {
      if (l.kind === 'final') {
        if (w.ok.has(l.code)) w.settle(null, { final: l.code, lines: w.lines });
        else w.settle(this.err('PROTOCOL', `${w.what}: ${l.code}`));
        return;
      }
      if (l.kind === 'info' || (l.kind === 'callerId' && !isCallerIdTag(l.tag))) {
        w.lines.push(text);
        return;
      }
    }
    this.h.line(l);
  }

  private onTransportGone(err: Error | null): void {
    if (this.state !== 'open') return;
    this.state = 'gone';
    const lost = this.err('DISCONNECTED', `serial link lost${err ? `: ${err.message}` : ''}`);
    this.cancel(lost);
    this.queue.fail(lost);
    this.timers.clear();
    if (this.link.isOpen) this.link.close(() => undefined);
    this.h.lost(lost);
  }

  private err(code: DeviceError['code'], msg: string): DeviceError {
    return new DeviceError(code, `${this.device}: ${msg}`, this.device);
  }
}
