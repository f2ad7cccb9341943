import type { AudioLeg } from '../../media/AudioLeg.js';
import type { FrameSource } from '../../media/Frame.js';
import { Conference } from '../../media/mix/index.js';
import type { ConferenceMember } from '../../media/mix/index.js';
import type { PortAudio } from './PortAudio.js';

interface StationMember {
  leg: AudioLeg;
  member: ConferenceMember;
  /** Unsubscribes from the leg's received digits. */
  stopDigits: () => void;
}

/**
 * One line's audio (sla.md §7): its FXO port, every connected station's leg, and the music a
 * held caller hears, mixed so that each hears all the others and never itself. Stations that
 * are not connected (held, gone) are not members; the port is a member for the conference's
 * whole life.
 */
export class LineConference {
  readonly conference = new Conference();
  private readonly stations = new Map<string, StationMember>();
  private portMember: ConferenceMember | null = null;
  private music: { member: ConferenceMember } | null = null;

  constructor(readonly line: string, private readonly port: PortAudio | null) {
    if (port) this.portMember = this.conference.add({ source: port, sink: port, name: `${line}:port` });
  }

  /** Connects a station's leg (replacing an older leg of the same station). */
  connect(station: string, leg: AudioLeg, onDigit: (digit: string) => void): void {
    const current = this.stations.get(station);
    if (current?.leg === leg) return;
    if (current) this.disconnect(station);
    const member = this.conference.add({ source: leg, sink: leg, name: `${this.line}:${station}` });
    const stopDigits = leg.on('digit', onDigit);
    const stopClosed = leg.on('closed', () => {
      if (this.stations.get(station)?.leg === leg) this.disconnect(station);
    });
    this.stations.set(station, { leg, member, stopDigits: () => { stopDigits(); stopClosed(); } });
  }

  disconnect(station: string): void {
    const s = this.stations.get(station);
    if (!s) return;
    this.stations.delete(station);
    this.conference.remove(s.member);
    s.stopDigits();
  }

  /** Music for a held caller: only the line hears it (no station is connected while it plays). */
  startMusic(source: FrameSource): void {
    this.stopMusic();
    this.music = { member: this.conference.add({ source, sink: null, name: `${this.line}:music` }) };
  }

  stopMusic(): void {
    if (!this.music) return;
    this.conference.remove(this.music.member);
    this.music = null;
  }

  /** A one-shot sound everyone on the call hears, far end included (the join tone). */
  playToAll(source: FrameSource): void {
    this.conference.inject(source, { to: 'all' });
  }

  /** Sends a digit the line's far end dialled to every connected station (RFC 4733). */
  digitToStations(digit: string): void {
    for (const s of this.stations.values()) s.leg.sendDigit(digit);
  }

  get connected(): string[] {
    return [...this.stations.keys()];
  }

  status(): { line: string; port: boolean; music: boolean; stations: Array<{ station: string; leg: Record<string, unknown> }> } {
    return {
      line: this.line, port: this.portMember !== null, music: this.music !== null,
      stations: [...this.stations].map(([station, s]) => ({ station, leg: { ...s.leg.stats() } })),
    };
  }

  /** Nothing left to carry: no station and no music. */
  get idle(): boolean {
    return this.stations.size === 0 && this.music === null;
  }

  tick(): void {
    this.conference.tick();
  }

  close(): void {
    for (const station of [...this.stations.keys()]) this.disconnect(station);
    this.stopMusic();
    if (this.portMember) this.conference.remove(this.portMember);
    this.portMember = null;
    this.port?.close();
  }
}
