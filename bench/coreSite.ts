import type { KeySystemEffects } from '../src/core/effects.js';
import { DEFAULT_GENERAL_OPTIONS, DEFAULT_LINE_OPTIONS, DEFAULT_STATION_OPTIONS } from '../src/core/options.js';
import type { SystemDef } from '../src/core/options.js';
import type { CoreClock } from '../src/core/time.js';

/** The benchmarked site: every station has a ringing appearance of every line, caller ID not awaited. */
export function site(lines: number, stations: number): SystemDef {
  const lineIds = Array.from({ length: lines }, (_, i) => `line${i + 1}`);
  return {
    general: { ...DEFAULT_GENERAL_OPTIONS },
    lines: lineIds.map((id) => ({ id, label: id, port: id, options: { ...DEFAULT_LINE_OPTIONS, callerIdWait: 0 } })),
    stations: Array.from({ length: stations }, (_, i) => ({
      id: `st${i + 1}`, kind: 'sim' as const, options: { ...DEFAULT_STATION_OPTIONS },
      appearances: lineIds.map((line) => ({ line, ring: true, ringDelay: 0, ringTimeout: 0, stationRingTimeout: 0 })),
    })),
  };
}

/** A clock that only moves when the benchmark says so; timers are kept but never due. */
export class ManualClock implements CoreClock {
  t = 1_000_000;
  now() { return this.t; }
  setTimeout() { return 0; }
  clearTimeout() {}
}

export const EFFECT_NAMES = ['portOffHook', 'portOnHook', 'portDial', 'alertStart', 'alertStop', 'audioConnect', 'audioDisconnect', 'legEnd', 'refuse',
  'toneJoin', 'mohStart', 'mohStop', 'forwardStart', 'forwardEnd', 'lamp', 'callStarted', 'callEnded', 'note'] as const;

/** Effects that only count their calls. */
export function counting(): KeySystemEffects & { count: number } {
  const sink = { count: 0 } as KeySystemEffects & { count: number };
  const inc = () => { sink.count++; };
  for (const k of EFFECT_NAMES) (sink as unknown as Record<string, () => void>)[k] = inc;
  return sink;
}
