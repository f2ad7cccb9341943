import { z } from 'zod';
import type { DeviceMatch } from '../../../boards/types.js';
import type { LedColor } from '../../../hal/contracts/index.js';
import { nearest } from '../editDistance.js';

/** Building blocks of the board file schema (hardware.md §6). */

type Names = readonly [string, ...string[]];

/**
 * A `compatible` restricted to the drivers known for one kind of device. An unknown name lists
 * them and suggests the nearest: `unknown driver "sim-fx0": expected one of sim-fxo, … (did you
 * mean "sim-fxo"?)`.
 */
export function driverName<const T extends Names>(names: T) {
  const list = names.join(', ');
  return z.enum(names, {
    error: (issue) => {
      if (typeof issue.input !== 'string') return `expected a driver name, one of ${list}`;
      const near = nearest(issue.input, names);
      const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
      return `unknown driver ${JSON.stringify(issue.input)}: expected one of ${list}${hint}`;
    },
  });
}

export const NAMED_COLOURS = ['green', 'red', 'amber', 'blue', 'white'] as const satisfies readonly Extract<LedColor, string>[];

const level = z
  .number({ error: 'expected a whole number from 0 to 255' })
  .int('expected a whole number from 0 to 255')
  .min(0, 'a colour level is 0 to 255')
  .max(255, 'a colour level is 0 to 255');

const rgb = z.strictObject({ r: level, g: level, b: level });

/** A named colour (`names`) or `{ r, g, b }`, each 0-255. */
export function colour<const T extends Names>(names: T) {
  return z.union([z.enum(names), rgb], { error: `expected a colour (${names.join(', ')}) or { r, g, b } with each 0-255` });
}

/** Milliseconds, a whole number more than 0. */
export function millis() {
  return z
    .number({ error: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .positive('must be more than 0 ms');
}

/** A lower-case ISO 3166 alpha-2 code: it selects `boards/profiles/<country>.json`. */
export function countryCode() {
  return z
    .string({ error: 'expected a country code such as "us" or "gb"' })
    .regex(/^[a-z]{2}$/, 'expected an ISO 3166 alpha-2 country code in lower case, such as "us" or "gb"');
}

const USB_ID = /^[0-9a-f]{4}:[0-9a-f]{4}$/;

export const deviceMatch = z.strictObject({
  path: z
    .string({ error: 'expected a device path such as "/dev/serial/by-id/usb-…"' })
    .startsWith('/', 'a device path is absolute, such as "/dev/serial/by-id/usb-…"')
    .refine((p) => p.split('*').length <= 2, 'a device path may hold at most one "*"')
    .optional(),
  usb: z
    .string({ error: 'expected a USB id "vid:pid" such as "05f3:0405"' })
    .refine((u) => USB_ID.test(u), {
      error: (issue) =>
        typeof issue.input === 'string' && USB_ID.test(issue.input.toLowerCase())
          ? 'a USB id is written in lower case, such as "05f3:0405"'
          : 'expected a USB id "vid:pid" of 4 hex digits each, such as "05f3:0405"',
    })
    .optional(),
  unitId: z
    .number({ error: 'expected a whole number from 0 to 255' })
    .int('expected a whole number from 0 to 255')
    .min(0, 'an X-keys unit id is 0 to 255')
    .max(255, 'an X-keys unit id is 0 to 255')
    .optional(),
} satisfies Record<keyof DeviceMatch, z.ZodType>);
