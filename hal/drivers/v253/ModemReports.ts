import type { Clock, Millis } from '../../contracts/clock.js';
import type { FxoEvent } from '../../contracts/fxo.js';
import { isCallerIdTag } from '../../codecs/v253/callerIdLines.js';
import { decodeDleEvent } from '../../codecs/v253/dleEvents.js';
import type { ResponseLine } from '../../codecs/v253/responseLine.js';
import { CallerIdCollector } from './CallerIdCollector.js';
import type { ModemProfile } from './ModemProfile.js';
import { ToneReporter } from './ToneReporter.js';

/**
 * What a modem reports, as raw FXO events (hardware.md §2.1, §3.1): each `RING` / `<DLE>R` is a
 * `ringBurst {on}` (after finalising caller ID); `DRON=` gives the burst length on its off edge;
 * caller-ID lines become one `callerId`; DLE codes become `dtmf`, `tone`, `loopCurrentDrop`
 * (with the profile's `loopBreakMs`) and `polarityReversal`. No call state, no timing decisions.
 */
export class ModemReports {
  private readonly cid: CallerIdCollector;
  private readonly tones: ToneReporter;

  constructor(private readonly clock: Clock, private readonly emit: (ev: FxoEvent) => void) {
    this.cid = new CallerIdCollector(clock, (t, fields) => emit({ t, type: 'callerId', standard: 'modem', ...fields }));
    this.tones = new ToneReporter((t, tone, on) => emit({ t, type: 'tone', tone, on }));
  }

  line(l: ResponseLine): void {
    const t = this.clock.now();
    if (l.kind === 'ring') this.ring(t);
    else if (l.kind === 'ringCadence' && l.on) this.emit({ t, type: 'ringBurst', on: false, ms: l.ms });
    else if (l.kind === 'callerId' && isCallerIdTag(l.tag)) this.cid.add({ tag: l.tag, value: l.value });
  }

  /**
   * One DLE code. `voiceData`: the stream is in voice data (a USR's `<DLE>d` is spurious then).
   * Returns true for `<DLE><ETX>`, the end of voice data.
   */
  dle(code: number, profile: ModemProfile, voiceData: boolean): boolean {
    const t = this.clock.now();
    const m = decodeDleEvent(code, profile.dle);
    switch (m.kind) {
      case 'ring':
        this.ring(t);
        return false;
      case 'dtmf':
        this.tones.clear(t);
        this.emit({ t, type: 'dtmf', digit: m.digit });
        return false;
      case 'tone':
        if (!(m.tone === 'dial' && voiceData && profile.ignoreDialToneWhileStreaming)) this.tones.report(t, m.tone);
        return false;
      case 'loopBreak':
        this.emit({ t, type: 'loopCurrentDrop', ms: profile.loopBreakMs });
        return false;
      case 'polarity':
        this.emit({ t, type: 'polarityReversal' });
        return false;
      case 'endOfData':
        return true;
      default:
        return false;
    }
  }

  /** The hook changed: pending caller ID is final (answered), the tone heard so far is over. */
  hookChanged(offHook: boolean): void {
    if (offHook) this.cid.flush();
    this.tones.clear(this.clock.now());
  }

  /** Forgets everything without events (close, device lost). */
  reset(): void {
    this.cid.reset();
    this.tones.reset();
  }

  private ring(t: Millis): void {
    this.cid.flush();
    this.emit({ t, type: 'ringBurst', on: true });
  }
}
