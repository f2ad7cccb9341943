import type { Millis } from '../../contracts/clock.js';
import type { ToneKind } from '../../contracts/fxo.js';

/**
 * Turns a modem's one-shot tone reports (`<DLE>b`, `<DLE>d`, `<DLE>s` …) into `tone` on/off
 * events. A modem says when it hears a tone, never when it stops, so:
 *
 * - every report of a tone is an `on` (each busy report is one busy cadence seen), after an
 *   `off` for a different tone that was on;
 * - silence is a state: `on` once, `off` when a tone or a DTMF digit is heard;
 * - `clear()` (hook change, DTMF) turns the current tone off.
 */
export class ToneReporter {
  private current: ToneKind | null = null;

  constructor(private readonly emit: (t: Millis, tone: ToneKind, on: boolean) => void) {}

  report(t: Millis, tone: ToneKind): void {
    if (tone === 'silence' && this.current === 'silence') return;
    if (this.current !== null && this.current !== tone) this.emit(t, this.current, false);
    this.current = tone;
    this.emit(t, tone, true);
  }

  clear(t: Millis): void {
    if (this.current === null) return;
    const was = this.current;
    this.current = null;
    this.emit(t, was, false);
  }

  /** Forgets the state without events (close, device lost). */
  reset(): void {
    this.current = null;
  }
}
