import { DLE } from '../../../hal/codecs/v253/dle.js';

/** How the fake behaves; the defaults play a USRobotics USR5637. */
export interface FakeV253ModemOptions {
  ati0?: string;
  ati3?: string;
  /** The `AT+VSM=?` answer lines. */
  vsm?: string[];
  /** Commands (prefix match, upper case) answered with ERROR. */
  refuse?: string[];
  /** Commands (prefix match, upper case) never answered. */
  ignore?: string[];
  /** The answer to `AT+VLS=1`. */
  offHookReply?: 'OK' | 'VCON';
}

const USR_VSM = ['128,"8-BIT LINEAR",(7200,8000,11025)', '129,"16-BIT LINEAR",(7200,8000,11025)', '130,"8-BIT ALAW",(8000)', '131,"8-BIT ULAW",(8000)', '132,"IMA ADPCM",(7200,8000,11025)'];

/**
 * A scripted V.253 voice modem (hardware.md §8, `FakeV253Modem`) on whatever carries its bytes:
 * `receive()` takes what the driver wrote, `out` sends to the driver. It answers the AT commands
 * keyline uses, keeps hook and voice-data state, unshields received audio, and records what the
 * driver did; the script methods play the line (rings, caller ID, DLE events, audio, noise).
 */
export class FakeV253Modem {
  /** Every AT command received, in order. */
  readonly commands: string[] = [];
  hook: 'on' | 'off' = 'on';
  voice = false;
  /** Voice data received from the driver, unshielded. */
  readonly txAudio: number[] = [];
  /** DTMF digits sent with `AT+VTS`. */
  digits = '';
  /** Flash lengths: the S-register value at each `ATDT!;`. */
  readonly flashes: number[] = [];
  private sregs = new Map<number, number>();
  private line = '';
  private dlePending = false;
  private readonly waiters = new Set<() => void>();
  out: (bytes: Buffer) => void = () => undefined;

  constructor(readonly o: FakeV253ModemOptions = {}) {}

  // ---- from the driver ----

  receive(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.voice) this.voiceByte(b);
      else if (b === 0x0d) {
        const cmd = this.line.trim();
        this.line = '';
        if (cmd) this.command(cmd);
      } else if (b !== 0x0a) this.line += String.fromCharCode(b);
    }
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `pred()` holds after some received bytes (or at once). */
  until(pred: () => boolean): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!pred()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  // ---- the script: what the line and the modem do ----

  ring(): void { this.text('RING'); }
  ringDle(): void { this.dle('R'); }
  /** Formatted caller-ID lines, as `AT+VCID=1` prints them. */
  callerId(lines: string[]): void { this.send(Buffer.from(lines.map((l) => `\r\n${l}`).join('') + '\r\n', 'latin1')); }
  /** `<DLE>code` (in voice data or in command state). */
  dle(code: string): void { this.send(Buffer.from([DLE, code.charCodeAt(0)])); }
  /** Voice data to the driver, DLE-shielded (`<DLE><DLE>`, or `<DLE><SUB>` for a pair when asked). */
  sendAudio(samples: Uint8Array, useSub = false): void {
    const out: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      const b = samples[i] ?? 0;
      if (b === DLE && useSub && samples[i + 1] === DLE) {
        out.push(DLE, 0x1a);
        i++;
      } else if (b === DLE) out.push(DLE, DLE);
      else out.push(b);
    }
    this.send(Buffer.from(out));
  }
  /** The modem leaves voice data by itself. */
  endVoice(): void {
    this.voice = false;
    this.send(Buffer.from([DLE, 0x03, ...Buffer.from('\r\nVCON\r\n')]));
  }
  text(line: string): void { this.send(Buffer.from(`\r\n${line}\r\n`, 'latin1')); }
  send(bytes: Buffer): void { this.out(bytes); }

  // ---- internals ----

  private command(cmd: string): void {
    this.commands.push(cmd);
    const up = cmd.toUpperCase();
    if (this.o.ignore?.some((p) => up.startsWith(p))) return;
    if (this.o.refuse?.some((p) => up.startsWith(p))) return this.text('ERROR');
    if (up === 'ATI0') return this.info([this.o.ati0 ?? '5601']);
    if (up === 'ATI3') return this.info([this.o.ati3 ?? 'U.S. Robotics 56K FAX USB V1.2.23']);
    if (up === 'AT+VSM=?') return this.info(this.o.vsm ?? USR_VSM);
    if (up === 'AT+VLS=1') {
      this.hook = 'off';
      return this.text(this.o.offHookReply ?? 'VCON');
    }
    if (up === 'AT+VLS=0' || up === 'ATH0' || up === 'ATH') this.hook = 'on';
    if (up === 'AT+VTR') {
      if (this.hook !== 'off') return this.text('ERROR');
      this.text('CONNECT');
      this.voice = true;
      return;
    }
    const vts = /^AT\+VTS=(.*)$/.exec(up);
    if (vts?.[1] !== undefined) this.digits += vts[1].split(',').join('');
    const sreg = /^ATS(\d+)=(\d+)$/.exec(up);
    if (sreg) this.sregs.set(Number(sreg[1]), Number(sreg[2]));
    if (up === 'ATDT!;') this.flashes.push(this.sregs.get(29) ?? 0);
    this.text('OK');
  }

  private info(lines: string[]): void {
    for (const l of lines) this.text(l);
    this.text('OK');
  }

  private voiceByte(b: number): void {
    if (!this.dlePending) {
      if (b === DLE) this.dlePending = true;
      else this.txAudio.push(b);
      return;
    }
    this.dlePending = false;
    if (b === DLE) this.txAudio.push(DLE);
    else if (b === 0x5e || b === 0x21 || b === 0x03) {
      // <DLE>^ leave duplex, <DLE>! stop recording, <DLE><ETX> end of playback
      this.voice = false;
      this.send(Buffer.from([DLE, 0x03, ...Buffer.from('\r\nVCON\r\n')]));
    }
  }
}
