import type { Clock, Millis } from '../../contracts/clock.js';
import type { CallerIdFields } from '../../contracts/fxo.js';
import { callerIdFromLines } from '../../codecs/v253/callerIdLines.js';
import type { CallerIdLine } from '../../codecs/v253/callerIdLines.js';
import { TimerSet } from '../../fxo/TimerSet.js';

/** How long after its last line a caller-ID record is final (hardware.md §2.2). */
export const CALLER_ID_QUIET_MS = 1000;

/**
 * Gathers one call's formatted caller-ID lines and hands out one record when it is final: on
 * the next RING (`flush()`), or 1 s after its last line. The record is stamped with the time of
 * its first line. Records without a number, name or reason are dropped (`dropped` counts them).
 */
export class CallerIdCollector {
  private readonly timers: TimerSet;
  private lines: CallerIdLine[] = [];
  private firstAt: Millis = 0;
  dropped = 0;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (t: Millis, fields: CallerIdFields) => void,
  ) {
    this.timers = new TimerSet(clock);
  }

  add(line: CallerIdLine): void {
    if (this.lines.length === 0) this.firstAt = this.clock.now();
    this.lines.push(line);
    this.timers.clear();
    this.timers.after(CALLER_ID_QUIET_MS, () => this.flush());
  }

  flush(): void {
    this.timers.clear();
    if (this.lines.length === 0) return;
    const fields = callerIdFromLines(this.lines);
    this.lines = [];
    if (fields) this.emit(this.firstAt, fields);
    else this.dropped++;
  }

  /** Forgets everything (close, device lost). */
  reset(): void {
    this.timers.clear();
    this.lines = [];
  }
}
