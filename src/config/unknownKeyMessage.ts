import { nearest } from './editDistance.js';
import type { KeyPath } from './keyPath.js';
import { LINE_IDENTITY_KEYS, STATION_IDENTITY_KEYS, siteFileSchema } from './schema.js';

type Context =
  | 'top' | 'site' | 'general' | 'defaults' | 'line option' | 'station option' | 'line' | 'station' | 'appearance' | 'noAnswer'
  | 'sip' | 'sip.listen' | 'sip.registration' | 'sip.security';

const lineSchema = siteFileSchema.shape.lines.element;
const stationSchema = siteFileSchema.shape.stations.element;
const defaultsSchema = siteFileSchema.shape.defaults.unwrap();
const sipSchema = siteFileSchema.shape.sip.unwrap();

const KEYS: Record<Context, readonly string[]> = {
  top: Object.keys(siteFileSchema.shape),
  site: Object.keys(siteFileSchema.shape.site.unwrap().shape),
  general: Object.keys(siteFileSchema.shape.general.unwrap().shape),
  defaults: Object.keys(defaultsSchema.shape),
  'line option': Object.keys(defaultsSchema.shape.line.unwrap().shape),
  'station option': Object.keys(defaultsSchema.shape.station.unwrap().shape),
  line: Object.keys(lineSchema.shape),
  station: Object.keys(stationSchema.shape),
  appearance: ['line', 'ringDelay', 'ringTimeout', 'ring'],
  noAnswer: ['forward'],
  sip: Object.keys(sipSchema.shape),
  'sip.listen': Object.keys(sipSchema.shape.listen.unwrap().shape),
  'sip.registration': Object.keys(sipSchema.shape.registration.unwrap().shape),
  'sip.security': Object.keys(sipSchema.shape.security.unwrap().shape),
};

const SIP_PARTS: Record<string, Context> = { listen: 'sip.listen', registration: 'sip.registration', security: 'sip.security' };

function contextOf(path: KeyPath): Context | undefined {
  const [a, b, c, d, e] = path;
  const n = path.length;
  if (n === 0) return 'top';
  if (n === 1 && (a === 'site' || a === 'general' || a === 'defaults' || a === 'sip')) return a;
  if (n === 2 && a === 'sip' && typeof b === 'string' && Object.hasOwn(SIP_PARTS, b)) return SIP_PARTS[b];
  if (n === 2 && a === 'defaults') return b === 'line' ? 'line option' : b === 'station' ? 'station option' : undefined;
  if (a === 'lines' && typeof b === 'number') return n === 2 ? 'line' : n === 3 && c === 'noAnswer' ? 'noAnswer' : undefined;
  if (n === 3 && a === 'defaults' && b === 'line' && c === 'noAnswer') return 'noAnswer';
  if (a === 'stations' && typeof b === 'number') {
    if (n === 2) return 'station';
    if (n === 4 && c === 'lines' && typeof d === 'number' && e === undefined) return 'appearance';
  }
  return undefined;
}

const WHERE: Record<Context, string> = {
  top: 'the top level',
  site: 'site',
  general: 'general',
  defaults: 'defaults',
  'line option': 'defaults.line',
  'station option': 'defaults.station',
  line: 'a line',
  station: 'a station',
  appearance: 'an appearance',
  noAnswer: 'noAnswer',
  sip: 'sip',
  'sip.listen': 'sip.listen',
  'sip.registration': 'sip.registration',
  'sip.security': 'sip.security',
};

const OWNERS: readonly [Context, string][] = [
  ['line', 'lines'],
  ['station', 'stations'],
  ['appearance', 'entries of a station\'s lines list'],
  ['general', 'general'],
  ['sip.listen', 'sip.listen'],
  ['sip.registration', 'sip.registration'],
  ['sip.security', 'sip.security'],
  ['sip', 'sip'],
];

/**
 * Explains an unknown key to someone who never read the schema: the nearest valid spelling, or
 * where the key does belong when it was put under the wrong heading (a station option on a line,
 * an identity key under `defaults`).
 */
export function unknownKeyMessage(parent: KeyPath, key: string): string {
  const context = contextOf(parent);
  const base = `unknown key "${key}"`;
  if (context === undefined) return base;
  if (context === 'line option' && (LINE_IDENTITY_KEYS as readonly string[]).includes(key)) {
    return `"${key}" cannot be set under defaults.line: it belongs to one line`;
  }
  if (context === 'station option' && (STATION_IDENTITY_KEYS as readonly string[]).includes(key)) {
    return `"${key}" cannot be set under defaults.station: it belongs to one station`;
  }
  const valid = KEYS[context];
  const near = nearest(key, valid);
  if (near !== undefined) return `${base} in ${WHERE[context]}: did you mean "${near}"?`;
  const owner = OWNERS.find(([ctx]) => ctx !== context && KEYS[ctx].includes(key));
  if (owner) return `${base}: "${key}" is set in ${owner[1]}, not in ${WHERE[context]}`;
  return `${base}; valid keys here: ${valid.join(', ')}`;
}
