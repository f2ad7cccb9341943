import {
  DEFAULT_GENERAL_OPTIONS,
  DEFAULT_LINE_OPTIONS,
  DEFAULT_STATION_OPTIONS,
} from '../core/options.js';
import type { AppearanceDef, LineDef, StationDef, SystemDef } from '../core/options.js';
import type { AppearanceEntry, SiteFile } from './schema.js';

export const DEFAULT_DOMAIN = 'keyline.invalid';

export interface ResolvedSite {
  site: { name: string; domain: string };
  system: SystemDef;
  /** station id → panel id, for stations bound to a key panel. */
  stationPanels: Record<string, string>;
  /** line id → SCA appearance index (lamps.md §5). */
  appearanceIndex: Record<string, number>;
}

/**
 * Layers option values, most specific first: the first layer that sets a key wins, the last
 * layer holds every key. Iterating the defaults' keys keeps identity fields (id, port, lines…)
 * out of the options objects the core receives. The defaults are copied, not shared: a caller
 * mutating one loaded configuration must not change what the next reload falls back to.
 */
function layered<T extends object>(defaults: T, ...layers: (Partial<T> | undefined)[]): T {
  const out = structuredClone(defaults);
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    for (const layer of layers) {
      const value = layer?.[key];
      if (value !== undefined) {
        out[key] = value as T[keyof T];
        break;
      }
    }
  }
  return out;
}

export function appearanceLine(entry: AppearanceEntry): string {
  return typeof entry === 'string' ? entry : entry.line;
}

/**
 * Applies sla.md §2's precedence (appearance > line or station > defaults > built-in) to a file
 * that passed the schema and the cross-checks. Pure: same file, same SystemDef.
 */
export function resolveSystem(file: SiteFile): ResolvedSite {
  const domain = file.site?.domain ?? DEFAULT_DOMAIN;
  const general = layered(DEFAULT_GENERAL_OPTIONS, file.general);

  const appearanceIndex: Record<string, number> = {};
  const lines: LineDef[] = file.lines.map((entry, i) => {
    appearanceIndex[entry.id] = entry.appearanceIndex ?? i + 1;
    return {
      id: entry.id,
      label: entry.label ?? entry.id,
      port: entry.port,
      options: layered(DEFAULT_LINE_OPTIONS, entry, file.defaults?.line),
    };
  });

  const stationPanels: Record<string, string> = {};
  const stations: StationDef[] = file.stations.map((entry) => {
    if (entry.panel !== undefined) stationPanels[entry.id] = entry.panel;
    const options = layered(DEFAULT_STATION_OPTIONS, entry, file.defaults?.station);
    const appearances = entry.lines.map((a): AppearanceDef => {
      const own = typeof a === 'string' ? { line: a } : a;
      return {
        line: own.line,
        ring: own.ring ?? true,
        ringDelay: own.ringDelay ?? options.ringDelay,
        ringTimeout: own.ringTimeout ?? 0,
        stationRingTimeout: options.ringTimeout,
      };
    });
    return { id: entry.id, kind: entry.kind, options, appearances };
  });

  return { site: { name: file.site?.name ?? domain, domain }, system: { general, lines, stations }, stationPanels, appearanceIndex };
}
