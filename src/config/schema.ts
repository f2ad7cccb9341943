import { z } from 'zod';
import type { LineOptions, NoAnswer, StationOptions } from '../core/options.js';
import { bool, duration, hostname, id, name, oneOf, positiveDuration, sipUri, wholeNumber } from './schemaPrimitives.js';
import { mediaSectionSchema } from './mediaSchema.js';
import { presenceSectionSchema } from './presenceSchema.js';
import { remoteLinesSchema } from './remoteLinesSchema.js';
import { SIP_STATION_KEYS, sipSectionSchema, sipStationShape } from './sipSchema.js';

/**
 * The site file as written (sla.md §2), validated strictly: unknown keys are errors so a typo
 * never silently falls back to a default. Durations come out in milliseconds.
 */

const noAnswer = z.union(
  [
    z.literal('none').transform((): NoAnswer => ({ kind: 'none' })),
    z.strictObject({ forward: sipUri() }).transform((v): NoAnswer => ({ kind: 'forward', target: v.forward })),
  ],
  { error: 'expected none or { forward: <sip-uri> }' },
);

// `satisfies` keeps this list and the core's LineOptions in step: a new option must be added here.
const lineOptionShape = {
  barge: bool().optional(),
  joinTone: bool().optional(),
  maxConnected: wholeNumber(1, 'maxConnected must be at least 1: no station could ever be connected').optional(),
  hold: oneOf(['open', 'private']).optional(),
  ringTimeout: duration().optional(),
  noAnswer: noAnswer.optional(),
  callerId: bool().optional(),
  callerIdWait: duration().optional(),
  musicOnHold: name('a music-on-hold source name, or none').optional(),
  holdRecall: duration().optional(),
  privateHoldRecall: duration().optional(),
  recallTimeout: duration().optional(),
  holdDropAfter: duration().optional(),
  seizeTimeout: positiveDuration('with no time to wait for dial tone every seizure would fail').optional(),
  onHookGuard: duration().optional(),
} satisfies Record<keyof LineOptions, z.ZodType>;

const stationOptionShape = {
  ringDelay: duration().optional(),
  ringTimeout: duration().optional(),
  hold: oneOf(['open', 'private']).optional(),
  offHookPreference: oneOf(['ringing-first', 'idle-only']).optional(),
  autoHold: bool().optional(),
} satisfies Record<keyof StationOptions, z.ZodType>;

/** Keys that name one line or station and so cannot be set under `defaults` (sla.md §2). */
export const LINE_IDENTITY_KEYS = ['id', 'port', 'label', 'appearanceIndex'] as const;
export const STATION_IDENTITY_KEYS = ['id', 'kind', 'lines', 'panel', ...SIP_STATION_KEYS] as const;

const line = z.strictObject({
  id: id('a line'),
  port: name('the FXO port id of the board'),
  label: name('a label').optional(),
  appearanceIndex: wholeNumber(1, 'appearanceIndex starts at 1').optional(),
  ...lineOptionShape,
});

const appearance = z.union(
  [
    name('a line id'),
    z.strictObject({
      line: name('a line id'),
      ringDelay: duration().optional(),
      ringTimeout: duration().optional(),
      ring: bool().optional(),
    }),
  ],
  { error: 'expected a line id, or { line: <id>, ringDelay, ringTimeout, ring }' },
);

const station = z.strictObject({
  id: id('a station'),
  kind: oneOf(['sip', 'sim']),
  panel: name('a key panel id of the board').optional(),
  lines: z
    .array(appearance, { error: 'expected a list of line ids, most preferred first' })
    .min(1, 'a station needs at least one line: with an empty list it has no line key'),
  ...sipStationShape,
  ...stationOptionShape,
});

export const siteFileSchema = z.strictObject(
  {
    site: z.strictObject({ name: name('a site name').optional(), domain: hostname().optional() }).optional(),
    general: z
      .strictObject({
        alertRetryMin: positiveDuration('0 would retry an unreachable station without pause').optional(),
        alertRetryMax: positiveDuration('0 would retry an unreachable station without pause').optional(),
        alertStartTimeout: positiveDuration('every SIP alert would count as unreachable at once').optional(),
      })
      .optional(),
    defaults: z
      .strictObject({ line: z.strictObject(lineOptionShape).optional(), station: z.strictObject(stationOptionShape).optional() })
      .optional(),
    lines: z
      .array(line, { error: 'expected a list of lines' })
      .min(1, 'a site needs at least one line'),
    stations: z.array(station, { error: 'expected a list of stations' }),
    sip: sipSectionSchema.optional(),
    media: mediaSectionSchema.optional(),
    presence: presenceSectionSchema.optional(),
    remoteLines: remoteLinesSchema.optional(),
  },
  {
    error: (issue) => {
      if (issue.code !== 'invalid_type') return undefined;
      return issue.input === null || issue.input === undefined
        ? 'the file is empty: a site needs at least `lines:` and `stations:`'
        : 'expected a mapping with `lines:` and `stations:` at the top level';
    },
  },
);

export type SiteFile = z.output<typeof siteFileSchema>;
export type LineEntry = SiteFile['lines'][number];
export type StationEntry = SiteFile['stations'][number];
export type AppearanceEntry = StationEntry['lines'][number];
export type { SipSection } from './sipSchema.js';
