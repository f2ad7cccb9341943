import {
  DEFAULT_GENERAL_OPTIONS, DEFAULT_LINE_OPTIONS, DEFAULT_STATION_OPTIONS,
} from '../../src/core/options.js';
import type { AppearanceDef, LineOptions, StationDef, StationKind, StationOptions, SystemDef } from '../../src/core/options.js';

export interface AppearanceSpec {
  line: string;
  ringDelay?: number;
  ringTimeout?: number;
  ring?: boolean;
}

export interface FixtureSpec {
  lines?: string[];
  stations?: string[];
  /** Line options in seconds where they are durations, as in the YAML. */
  line?: Record<string, Partial<Record<keyof LineOptions, unknown>>>;
  station?: Record<string, Partial<StationOptions> & { kind?: StationKind; lines?: Array<string | AppearanceSpec> }>;
}

const DURATIONS = new Set(['ringTimeout', 'callerIdWait', 'holdRecall', 'privateHoldRecall', 'recallTimeout', 'holdDropAfter', 'seizeTimeout', 'onHookGuard', 'ringDelay']);
const ms = (k: string, v: unknown) => (DURATIONS.has(k) && typeof v === 'number' ? v * 1000 : v);

/**
 * The sla.md §13 fixture unless told otherwise: lines l1, l2; simulated stations a, b, c with
 * `lines: [l1, l2]`; default options but `callerIdWait: 0`. Durations are given in seconds.
 */
export function fixture(spec: FixtureSpec = {}): SystemDef {
  const lineIds = spec.lines ?? ['l1', 'l2'];
  const stationIds = spec.stations ?? ['a', 'b', 'c'];
  const lines = lineIds.map((id) => {
    const over = Object.fromEntries(Object.entries(spec.line?.[id] ?? {}).map(([k, v]) => [k, ms(k, v)]));
    return { id, label: id.toUpperCase(), port: `p-${id}`, options: { ...DEFAULT_LINE_OPTIONS, callerIdWait: 0, ...over } as LineOptions };
  });
  const stations: StationDef[] = stationIds.map((id) => {
    const { kind, lines: apps, ...rest } = spec.station?.[id] ?? {};
    const opts: StationOptions = { ...DEFAULT_STATION_OPTIONS };
    for (const [k, v] of Object.entries(rest)) (opts as unknown as Record<string, unknown>)[k] = ms(k, v);
    const appearances: AppearanceDef[] = (apps ?? lineIds).map((a) => {
      const spec = typeof a === 'string' ? { line: a } : a;
      return {
        line: spec.line,
        ring: spec.ring ?? true,
        ringDelay: spec.ringDelay !== undefined ? spec.ringDelay * 1000 : opts.ringDelay,
        ringTimeout: (spec.ringTimeout ?? 0) * 1000,
        stationRingTimeout: opts.ringTimeout,
      };
    });
    return { id, kind: kind ?? 'sim', options: opts, appearances };
  });
  return { general: { ...DEFAULT_GENERAL_OPTIONS }, lines, stations };
}
