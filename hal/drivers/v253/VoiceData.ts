import type { Millis } from '../../contracts/clock.js';
import { DeviceError } from '../../contracts/device.js';
import { LEAVE_DUPLEX } from '../../codecs/v253/dle.js';
import type { ModemLink } from './ModemLink.js';
import type { V253Audio } from './V253Audio.js';

/** At most this many audio frames wait in the device's write queue (5 × 20 ms, hardware.md §3.1). */
const MAX_QUEUED_FRAMES = 5;

/**
 * Full-duplex voice data on one open link (hardware.md §3.1, "Audio framing"): `AT+VTR` →
 * `CONNECT` starts it and the audio pump; `<DLE>^` → `<DLE><ETX>` + `OK`/`VCON` ends it (a modem
 * that does not answer in time is taken to be back in command state); the modem may also end it
 * by itself (`<DLE><ETX>`). Without audio or a duplex command it does nothing.
 */
export class VoiceData {
  private on = false;

  constructor(
    private readonly link: ModemLink,
    readonly audio: V253Audio | null,
    private readonly duplex: string | null,
    private readonly timeoutMs: Millis,
  ) {}

  /** Audio frames for the write queue: dropped, not queued deep, when the link stalls. */
  static sender(link: ModemLink, dropped: () => void): (bytes: Uint8Array) => void {
    return (bytes) => {
      if (link.queuedWrites < MAX_QUEUED_FRAMES) void link.send(bytes).catch(() => undefined);
      else dropped();
    };
  }

  /** True while voice data flows (or the framer is still in it). */
  get active(): boolean {
    return this.on || this.link.mode === 'voice';
  }

  get streaming(): boolean {
    return this.on;
  }

  /** Enters voice data; rejects with the modem's refusal (the line then only signals). */
  async start(stillWanted: () => void): Promise<void> {
    if (!this.audio || !this.duplex || this.on) return;
    try {
      await this.link.command(this.duplex, this.timeoutMs, { voice: true });
    } catch (e) {
      this.link.resetFraming();
      throw e;
    }
    stillWanted();
    this.on = true;
    this.audio.start();
  }

  /** Leaves voice data for command state. */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.on = false;
    this.audio?.stop();
    try {
      await this.link.endVoice(LEAVE_DUPLEX, this.timeoutMs);
    } catch (e) {
      if (!(e instanceof DeviceError && e.code === 'TIMEOUT')) throw e;
      this.link.resetFraming();
    }
  }

  /** The modem sent `<DLE><ETX>` by itself (inactivity timer, line drop): audio stops. */
  endedByModem(): void {
    if (!this.on) return;
    this.on = false;
    this.audio?.stop();
  }

  /** For good: the port closed or was lost. */
  end(): void {
    this.on = false;
    this.audio?.end();
  }
}
