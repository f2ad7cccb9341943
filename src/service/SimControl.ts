import type { CountryProfile } from '../../hal/contracts/index.js';
import type { SimHangupBy } from '../../hal/sim/SimLine.js';
import type { BuiltBoard } from '../../boards/factory.js';
import type { KeySystem } from '../core/KeySystem.js';
import type { CoreEvent } from '../core/events.js';
import { ControlError } from '../control/ControlError.js';
import type { SimCommand, SimHeard } from '../control/messages.js';

const HANGUP_CUES: readonly SimHangupBy[] = ['polarity', 'loopCurrent', 'busyTone', 'silence'];

/**
 * `keyline sim …`: drives the simulated board and simulated stations through the same paths real
 * hardware and phones use (a simulated line rings through its supervisor; a station's press is a
 * station event). Misuse is a ControlError naming what is wrong; the service keeps running.
 */
export class SimControl {
  /** Simulated stations switched unreachable: their alerts fail, as a detached panel's would. */
  readonly unreachable = new Set<string>();

  constructor(
    private readonly ks: KeySystem,
    private readonly board: BuiltBoard,
    private readonly portOfLine: (line: string) => string | undefined,
    private readonly profile: CountryProfile,
    private readonly dispatch: (ev: CoreEvent) => void,
    private readonly now: () => number,
    /** Reads a WAV file as 8 kHz 16-bit samples, or rejects with an Error saying what is wrong with it. */
    private readonly loadSound: (path: string) => Promise<Int16Array>,
  ) {}

  run(cmd: SimCommand): unknown {
    switch (cmd.cmd) {
      case 'sim.ring': {
        const absent = cmd.withheld;
        this.guard(() => this.simLine(cmd.line).ring({ callerId: { number: absent ? undefined : cmd.number, name: cmd.name, absent } }));
        return `${cmd.line} ringing`;
      }
      case 'sim.hangup': {
        const cue = this.profile.disconnect.cues.find((c): c is SimHangupBy => (HANGUP_CUES as readonly string[]).includes(c)) ?? 'loopCurrent';
        this.guard(() => this.simLine(cmd.line).hangupFarEnd(cue));
        return `${cmd.line}: far end hung up (${cue})`;
      }
      case 'sim.battery':
        this.guard(() => this.simLine(cmd.line).battery(cmd.present));
        return `${cmd.line}: battery ${cmd.present ? 'present' : 'absent'}`;
      case 'sim.offhook':
        return this.station(cmd.station, { type: 'station.offHook', station: cmd.station, digits: cmd.digits, t: this.now() });
      case 'sim.onhook':
        return this.station(cmd.station, { type: 'station.onHook', station: cmd.station, t: this.now() });
      case 'sim.press':
        this.knownLine(cmd.line);
        return this.station(cmd.station, { type: 'station.lineKey', station: cmd.station, line: cmd.line, digits: cmd.digits, t: this.now() });
      case 'sim.hold':
        return this.station(cmd.station, { type: 'station.hold', station: cmd.station, t: this.now() });
      case 'sim.answer': {
        const line = cmd.line ?? this.alertingLine(cmd.station);
        return this.station(cmd.station, { type: 'station.answer', station: cmd.station, line, t: this.now() });
      }
      case 'sim.decline':
        this.knownLine(cmd.line);
        return this.station(cmd.station, { type: 'station.decline', station: cmd.station, line: cmd.line, t: this.now() });
      case 'sim.reachable':
        this.simStation(cmd.station);
        if (cmd.reachable) this.unreachable.delete(cmd.station);
        else this.unreachable.add(cmd.station);
        this.dispatch({ type: 'station.reachable', station: cmd.station, reachable: cmd.reachable, t: this.now() });
        return `${cmd.station}: ${cmd.reachable ? 'reachable' : 'unreachable'}`;
      case 'sim.panelPress': {
        const panel = this.board.sim.panels.get(cmd.panel);
        if (!panel) throw new ControlError('NOT_FOUND', `no simulated panel "${cmd.panel}" on this board`);
        this.guard(() => {
          panel.press(cmd.key);
          panel.release(cmd.key);
        });
        return `${cmd.panel}: key ${cmd.key} pressed`;
      }
      case 'sim.play': {
        const line = this.simLine(cmd.line);
        if (cmd.tone !== undefined) {
          const hz = cmd.tone;
          this.guard(() => line.playFarEnd({ kind: 'tone', hz }));
          return `${cmd.line}: far end plays ${hz} Hz`;
        }
        if (cmd.file !== undefined) {
          const file = cmd.file;
          return this.loadSound(file).then(
            (samples) => {
              this.guard(() => line.playFarEnd({ kind: 'samples', samples, loop: cmd.loop ?? true }));
              return `${cmd.line}: far end plays ${file} (${(samples.length / 8000).toFixed(1)} s${cmd.loop === false ? '' : ', looped'})`;
            },
            (err: unknown) => { throw new ControlError('BAD_REQUEST', err instanceof Error ? err.message : String(err)); },
          );
        }
        line.playFarEnd({ kind: 'silence' });
        return `${cmd.line}: far end silent`;
      }
      case 'sim.dtmf': {
        const digits = cmd.digits;
        this.guard(() => this.simLine(cmd.line).sendDtmf(digits));
        return `${cmd.line}: far end sends ${digits}`;
      }
      case 'sim.heard': {
        const line = this.simLine(cmd.line);
        const heard = line.heard();
        if (cmd.clear === true) line.clearHeard();
        const bytes = Buffer.alloc(heard.length * 2);
        heard.forEach((v, i) => bytes.writeInt16LE(v, i * 2));
        const answer: SimHeard = { line: cmd.line, rateHz: 8000, encoding: 's16le', samples: bytes.toString('base64'), dialled: line.dialled };
        return answer;
      }
    }
  }

  private station(id: string, ev: CoreEvent): unknown {
    this.simStation(id);
    this.dispatch(ev);
    const s = this.ks.status().stations.find((x) => x.id === id);
    const refusal = s?.lastRefusal;
    return refusal && refusal.t === ev.t ? `${id}: refused ${refusal.reason}` : `${id}: ok`;
  }

  private simStation(id: string): void {
    const def = this.ks.station(id);
    if (!def) throw new ControlError('NOT_FOUND', `no station "${id}" (stations: ${[...this.ks.stationIds()].join(', ')})`);
    if (def.kind !== 'sim') throw new ControlError('INVALID_STATE', `station "${id}" is a SIP phone: drive it from the phone, not with keyline sim`);
  }

  private knownLine(line: string): void {
    if (!this.ks.lineDef(line)) throw new ControlError('NOT_FOUND', `no line "${line}" (lines: ${[...this.ks.lineIds()].join(', ')})`);
  }

  private simLine(line: string) {
    this.knownLine(line);
    const port = this.portOfLine(line);
    const sim = port === undefined ? undefined : this.board.sim.lines.get(port);
    if (!sim) throw new ControlError('INVALID_STATE', `line "${line}" is not on a simulated port`);
    return sim;
  }

  private alertingLine(station: string): string {
    this.simStation(station);
    const order = this.ks.station(station)?.appearances.map((a) => a.line) ?? [];
    const alerts = this.ks.activeAlertsOf(station).sort((a, b) => order.indexOf(a.line) - order.indexOf(b.line));
    const first = alerts[0];
    if (!first) throw new ControlError('INVALID_STATE', `station "${station}" has no alert to answer`);
    return first.line;
  }

  /** Script misuse of the simulator (ringing an off-hook line) becomes a clear control error. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      throw new ControlError('INVALID_STATE', err instanceof Error ? err.message : String(err));
    }
  }
}
