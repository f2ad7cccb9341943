import type { SipLog, SipLogLevel } from '../../types.js';

/** Test-only: a SipLog that keeps every line. */
export class RecordingLog implements SipLog {
  readonly lines: Array<{ level: SipLogLevel; component: string; fields: Record<string, unknown> }> = [];

  log(level: SipLogLevel, component: string, fields: Record<string, string | number | boolean | null | undefined>): void {
    this.lines.push({ level, component, fields });
  }

  /** Lines whose `event` field is `event`. */
  events(event: string): Array<Record<string, unknown>> {
    return this.lines.filter((l) => l.fields['event'] === event).map((l) => l.fields);
  }
}
