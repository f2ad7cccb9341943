import type { FxoPort } from '../../../hal/contracts/index.js';
import type { MediaStatusView } from '../../core/status.js';
import type { MediaClock } from '../../media/clock/index.js';
import { FRAME_MS, FRAME_SAMPLES } from '../../media/Frame.js';
import type { FrameSource } from '../../media/Frame.js';
import type { MediaEndpoint } from '../../media/MediaEndpoint.js';
import type { Logger } from '../Logger.js';
import { LineConference } from './LineConference.js';
import { LineDialler } from './LineDialler.js';
import { PortAudio } from './PortAudio.js';

export interface MediaServiceDeps {
  clock: MediaClock;
  log: Logger;
  /** Each line's FXO port. */
  ports: ReadonlyMap<string, FxoPort>;
  /** The media endpoint of a connected station's leg on a line (the SIP layer's), if it has one. */
  endpointOf: (station: string, line: string) => MediaEndpoint | undefined;
  /** A fresh join tone (sla.md §6.5). */
  joinTone: () => FrameSource;
  /** A music source by name (a line's `musicOnHold`), or null for `none` or an unknown name. */
  music: (name: string) => FrameSource | null;
  /** In-band DTMF for a digit, for a port that cannot dial during a call. */
  dtmfTone: (digit: string) => FrameSource;
  /** A country call-progress tone (the board profile's busy and reorder). */
  progressTone: (name: 'busy' | 'reorder' | 'ringback') => FrameSource;
}

/** How long a refused phone hears its busy or congestion tone before the final response. */
const REFUSAL_TONE_MS = 3000;

/**
 * The media side of the key system's effects (DESIGN.md: media): one `LineConference` per line
 * in use, all ticked by the one media clock. The core says who is connected to which line, when
 * music plays and when a join tone sounds; this class makes the audio follow.
 *
 * Digits: a connected station's RFC 4733 digits are dialled onto its line through the port
 * (`dial`), one at a time; digits the line's far end sends reach every connected station.
 */
export class MediaService {
  private readonly lines = new Map<string, LineConference>();
  private readonly diallers = new Map<string, LineDialler>();
  private stopClock: (() => void) | null = null;

  constructor(private readonly d: MediaServiceDeps) {}

  audioConnect(station: string, line: string): void {
    const leg = this.d.endpointOf(station, line)?.audio;
    if (!leg) return; // a simulated station or a panel has no audio path
    this.lineOf(line).connect(station, leg, (digit) => this.stationDigit(station, line, digit));
    this.log('info', { line, station, event: 'audio-connected' });
  }

  audioDisconnect(station: string, line: string): void {
    this.lines.get(line)?.disconnect(station);
    this.settle(line);
  }

  toneJoin(line: string): void {
    this.lines.get(line)?.playToAll(this.d.joinTone());
  }

  mohStart(line: string, source: string): void {
    const music = this.d.music(source);
    if (!music) return;
    this.lineOf(line).startMusic(music);
    this.log('info', { line, event: 'music-on-hold', source });
  }

  mohStop(line: string): void {
    this.lines.get(line)?.stopMusic();
    this.settle(line);
  }

  /** The line went on-hook: whatever it carried ends. */
  lineEnded(line: string): void {
    const conf = this.lines.get(line);
    if (!conf) return;
    conf.close();
    this.lines.delete(line);
    this.diallers.get(line)?.clear(); // a digit the station sent never reaches the line's next call
    this.settle(line);
  }

  /**
   * Plays the busy or congestion tone to one leg (a refused phone's early media) for a few
   * seconds; resolves when done or when the leg closes first (the phone gave up).
   */
  refusalTone(endpoint: MediaEndpoint, kind: 'busy' | 'reorder'): Promise<void> {
    return this.playToLeg(endpoint, this.d.progressTone(kind), REFUSAL_TONE_MS / FRAME_MS).done;
  }

  /** Plays the country ringback to one leg (a phone whose seizure is under way) until stopped. */
  ringback(endpoint: MediaEndpoint): () => void {
    return this.playToLeg(endpoint, this.d.progressTone('ringback'), Infinity).stop;
  }

  /** Feeds `source` to a leg that is in no conference, one frame per tick, for `ticks` or until stopped or closed. */
  private playToLeg(endpoint: MediaEndpoint, source: FrameSource, ticks: number): { done: Promise<void>; stop: () => void } {
    const leg = endpoint.audio;
    if (!leg) return { done: Promise.resolve(), stop: () => undefined };
    const silence = new Int16Array(FRAME_SAMPLES);
    let left = ticks;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      let stopClosed = (): void => undefined;
      let stopTicks = (): void => undefined;
      let finished = false;
      finish = () => {
        if (finished) return;
        finished = true;
        stopTicks();
        stopClosed();
        resolve();
      };
      stopTicks = this.d.clock.subscribe(() => {
        leg.write(source.read() ?? silence);
        if (--left <= 0) finish();
      });
      stopClosed = leg.on('closed', finish);
    });
    return { done, stop: () => finish() };
  }

  /** A digit the line's far end sent (the port's DTMF detector). */
  lineDigit(line: string, digit: string): void {
    this.lines.get(line)?.digitToStations(digit);
  }

  /** Who hears whom, with each leg's RTP figures, for `keyline status`. */
  status(): MediaStatusView {
    return { clock: this.d.clock.stats(), lines: [...this.lines.values()].map((c) => c.status()) };
  }

  close(): void {
    for (const line of [...this.lines.keys()]) this.lineEnded(line);
  }

  private stationDigit(station: string, line: string, digit: string): void {
    const port = this.d.ports.get(line);
    if (!port) return;
    let dialler = this.diallers.get(line);
    if (!dialler) {
      dialler = new LineDialler(port, (d) => this.lines.get(line)?.playToAll(this.d.dtmfTone(d)), this.d.log, line);
      this.diallers.set(line, dialler);
    }
    this.log('info', { line, station, event: 'dtmf', digit });
    dialler.push(digit);
  }

  private lineOf(line: string): LineConference {
    let conf = this.lines.get(line);
    if (!conf) {
      const port = this.d.ports.get(line);
      const audio = port?.audio() ?? null;
      const encoding = port?.caps.audio?.encoding;
      conf = new LineConference(line, audio && encoding ? new PortAudio(audio, encoding) : null);
      this.lines.set(line, conf);
      if (!this.stopClock) this.stopClock = this.d.clock.subscribe(() => this.tick());
    }
    return conf;
  }

  /** Drops a conference with nobody left, and the clock with no conference left. */
  private settle(line: string): void {
    const conf = this.lines.get(line);
    if (conf?.idle) {
      conf.close();
      this.lines.delete(line);
    }
    if (this.lines.size === 0 && this.stopClock) {
      this.stopClock();
      this.stopClock = null;
    }
  }

  private tick(): void {
    for (const conf of this.lines.values()) {
      try {
        conf.tick();
      } catch (err) {
        // One line's fault must not silence the others.
        this.log('error', { line: conf.line, event: 'mix-failed', error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private log(level: 'error' | 'info', fields: Record<string, string>): void {
    this.d.log.log(level, 'media', fields);
  }
}
