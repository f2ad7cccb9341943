import { z } from 'zod';
import type {
  BoardFile,
  BoardPalette,
  FxoCompatible,
  FxoDeviceSpec,
  LampCadenceName,
  LedCompatible,
  LedSpec,
  PaletteColour,
  PanelCompatible,
  PanelKeySpec,
  PanelSpec,
} from '../../../boards/types.js';
import { LAMPS } from '../../core/lamp.js';
import { bool, oneOf } from '../schemaPrimitives.js';
import { colour, countryCode, deviceMatch, driverName, millis, NAMED_COLOURS } from './boardPrimitives.js';
import { profileOverridesSchema } from './profileOverridesSchema.js';

/**
 * A board file as written (hardware.md §6), validated strictly: unknown keys are errors, devices
 * name a known driver, keys are numbered. What refers across entries (ports, device ids, key
 * roles) is checked afterwards, on the parsed board. The output is a `BoardFile`.
 */

export const FXO_DRIVERS = ['sim-fxo', 'v253-modem', 'mcu-si3050'] as const satisfies readonly FxoCompatible[];
export const PANEL_DRIVERS = ['sim-panel', 'xkeys', 'streamdeck', 'hid-panel'] as const satisfies readonly PanelCompatible[];
export const LED_DRIVERS = ['sysfs-led'] as const satisfies readonly LedCompatible[];

const PALETTE_COLOURS = ['mine', 'other', 'attention'] as const satisfies readonly PaletteColour[];
const CADENCES = ['off', 'steady', 'flash', 'fast', 'wink', 'flutter', 'burst', 'blip', 'alternate'] as const satisfies readonly LampCadenceName[];

const deviceId = (what: string) =>
  z.string({ error: `expected ${what} id` }).regex(/^\S+$/, `${what} id is one word, not empty and without spaces`);
const options = z.record(z.string(), z.unknown(), { error: 'expected a mapping of driver options' });
const KEY_NUMBER = /^[1-9][0-9]*$/;

const fxoDevice = z.strictObject({
  id: deviceId('a device'),
  compatible: driverName(FXO_DRIVERS),
  optional: bool().optional(),
  match: deviceMatch.optional(),
  options: options.optional(),
  channels: z.record(
    z.string().min(1, 'a port id must not be empty'),
    z
      .number({ error: 'expected a channel number, 0 or more' })
      .int('expected a whole channel number, 0 or more')
      .min(0, 'channels are numbered from 0'),
    { error: 'expected a mapping of port id to channel number, such as { "line1": 0 }' },
  ),
} satisfies Record<keyof FxoDeviceSpec, z.ZodType>);

// One object rather than a union, so that a mistake reads as that key's mistake; `{ line }` is
// short for `{ role: "line", line }` and stays as written.
const panelKey = z
  .strictObject({
    role: oneOf(['hold', 'release', 'line']).optional(),
    line: z.string({ error: 'expected a port id' }).min(1, 'a port id must not be empty').optional(),
  })
  .superRefine((key, ctx) => {
    if ((key.role === undefined || key.role === 'line') && key.line === undefined) {
      // Reported as the missing key it is ("required key "line" is missing"), at this key's mapping.
      ctx.addIssue({ code: 'custom', path: ['line'], message: 'a line key needs the port it shows' });
    }
  })
  .transform((key): PanelKeySpec => (key.role === undefined ? { line: key.line ?? '' } : { ...key, role: key.role }));

const paletteShape = { mine: colour(NAMED_COLOURS), other: colour(NAMED_COLOURS), attention: colour(NAMED_COLOURS).optional() } satisfies Record<
  keyof BoardPalette,
  z.ZodType
>;

const pattern = z.strictObject({
  colour: colour([...PALETTE_COLOURS, ...NAMED_COLOURS]).optional(),
  cadence: oneOf(CADENCES).optional(),
});

const panel = z.strictObject({
  id: deviceId('a panel'),
  compatible: driverName(PANEL_DRIVERS),
  optional: bool().optional(),
  match: deviceMatch.optional(),
  options: options.optional(),
  keys: z.record(z.string().regex(KEY_NUMBER, 'not a key number: keys are numbered "1", "2", … from the first key'), panelKey, {
    error: 'expected a mapping of key number to role, such as { "1": { "line": "line1" } }',
  }),
  palette: z.strictObject(paletteShape).partial().optional(),
  patterns: z.partialRecord(z.enum(LAMPS, { error: `expected a lamp: ${LAMPS.join(', ')}` }), pattern).optional(),
} satisfies Record<keyof PanelSpec, z.ZodType>);

const led = z.strictObject({
  id: deviceId('an LED'),
  compatible: driverName(LED_DRIVERS),
  optional: bool().optional(),
  name: z
    .string({ error: 'expected the LED name under /sys/class/leds' })
    .regex(/^[^/\s]+$/, 'an LED name is one entry of /sys/class/leds: no "/" and no spaces')
    .refine((n) => n !== '.' && n !== '..', 'an LED name is one entry of /sys/class/leds'),
} satisfies Record<keyof LedSpec, z.ZodType>);

export const boardFileSchema = z.strictObject(
  {
    schema: z.literal(1, { error: 'expected schema: 1, the only board file version' }),
    board: z.string({ error: 'expected the board name' }).min(1, 'the board name must not be empty'),
    description: z.string({ error: 'expected a description' }).optional(),
    country: countryCode(),
    profile: profileOverridesSchema.optional(),
    fxo: z.array(fxoDevice, { error: 'expected a list of FXO devices' }),
    panels: z.array(panel, { error: 'expected a list of key panels' }),
    palette: z.strictObject(paletteShape),
    blink: z.strictObject({
      hardwareFlash: millis().nullable(),
    }),
    leds: z.array(led, { error: 'expected a list of LEDs' }).optional(),
  } satisfies Record<keyof BoardFile, z.ZodType>,
  {
    error: (issue) => {
      if (issue.code !== 'invalid_type') return undefined;
      return issue.input === null || issue.input === undefined
        ? 'the file is empty: a board needs schema, board, country, fxo, panels, palette and blink'
        : 'expected a mapping (a JSON object) at the top level';
    },
  },
);

export type ParsedBoard = z.output<typeof boardFileSchema>;
